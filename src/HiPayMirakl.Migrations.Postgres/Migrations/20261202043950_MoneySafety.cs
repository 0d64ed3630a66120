using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HiPayMirakl.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MoneySafety : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "held",
                table: "sdd_payments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sent_at",
                table: "sdd_payments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claim_expires_at",
                table: "notification_inbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimed_by",
                table: "notification_inbox",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                table: "notification_inbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "waiting_since",
                table: "notification_inbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "actor",
                table: "log_legs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claim_expires_at",
                table: "legs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claim_owner",
                table: "legs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "claim_token",
                table: "legs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "transfer_generation",
                table: "legs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "withdraw_bank_fingerprint",
                table: "legs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "withdraw_generation",
                table: "legs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdraw_requested_at",
                table: "legs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "invoice_backlog",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    invoice_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: false),
                    seller_amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    operator_amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    cycle_date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_backlog", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sdd_payment_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    from_status = table.Column<int>(type: "integer", nullable: false),
                    to_status = table.Column<int>(type: "integer", nullable: false),
                    order_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sdd_payment_log", x => x.id);
                    table.ForeignKey(
                        name: "fk_sdd_payment_log_sdd_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "sdd_payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sdd_retired_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    transaction_reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    gateway_status = table.Column<int>(type: "integer", nullable: true),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sdd_retired_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_sdd_retired_orders_sdd_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "sdd_payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_inbox_outcome_next_attempt_at",
                table: "notification_inbox",
                columns: new[] { "outcome", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_inbox_source_reference",
                table: "notification_inbox",
                columns: new[] { "source", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_backlog_invoice_id",
                table: "invoice_backlog",
                column: "invoice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoice_backlog_resolved_at_mirakl_shop_id",
                table: "invoice_backlog",
                columns: new[] { "resolved_at", "mirakl_shop_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sdd_payment_log_payment_id_id",
                table: "sdd_payment_log",
                columns: new[] { "payment_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sdd_retired_orders_order_id",
                table: "sdd_retired_orders",
                column: "order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_retired_orders_payment_id",
                table: "sdd_retired_orders",
                column: "payment_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_backlog");

            migrationBuilder.DropTable(
                name: "sdd_payment_log");

            migrationBuilder.DropTable(
                name: "sdd_retired_orders");

            migrationBuilder.DropIndex(
                name: "ix_notification_inbox_outcome_next_attempt_at",
                table: "notification_inbox");

            migrationBuilder.DropIndex(
                name: "ix_notification_inbox_source_reference",
                table: "notification_inbox");

            migrationBuilder.DropColumn(
                name: "held",
                table: "sdd_payments");

            migrationBuilder.DropColumn(
                name: "sent_at",
                table: "sdd_payments");

            migrationBuilder.DropColumn(
                name: "claim_expires_at",
                table: "notification_inbox");

            migrationBuilder.DropColumn(
                name: "claimed_by",
                table: "notification_inbox");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "notification_inbox");

            migrationBuilder.DropColumn(
                name: "waiting_since",
                table: "notification_inbox");

            migrationBuilder.DropColumn(
                name: "actor",
                table: "log_legs");

            migrationBuilder.DropColumn(
                name: "claim_expires_at",
                table: "legs");

            migrationBuilder.DropColumn(
                name: "claim_owner",
                table: "legs");

            migrationBuilder.DropColumn(
                name: "claim_token",
                table: "legs");

            migrationBuilder.DropColumn(
                name: "transfer_generation",
                table: "legs");

            migrationBuilder.DropColumn(
                name: "withdraw_bank_fingerprint",
                table: "legs");

            migrationBuilder.DropColumn(
                name: "withdraw_generation",
                table: "legs");

            migrationBuilder.DropColumn(
                name: "withdraw_requested_at",
                table: "legs");
        }
    }
}
