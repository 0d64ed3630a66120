using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiPayMirakl.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "sent_at",
                table: "sdd_payments",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claim_expires_at",
                table: "notification_inbox",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimed_by",
                table: "notification_inbox",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "next_attempt_at",
                table: "notification_inbox",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "waiting_since",
                table: "notification_inbox",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "actor",
                table: "log_legs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claim_expires_at",
                table: "legs",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claim_owner",
                table: "legs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "claim_token",
                table: "legs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "transfer_generation",
                table: "legs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "withdraw_bank_fingerprint",
                table: "legs",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "withdraw_generation",
                table: "legs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "withdraw_requested_at",
                table: "legs",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "invoice_backlog",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    invoice_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    mirakl_shop_id = table.Column<long>(type: "INTEGER", nullable: false),
                    seller_amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    operator_amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    cycle_date = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    first_seen_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    resolved_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_backlog", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sdd_payment_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    payment_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from_status = table.Column<int>(type: "INTEGER", nullable: false),
                    to_status = table.Column<int>(type: "INTEGER", nullable: false),
                    order_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    payment_id = table.Column<long>(type: "INTEGER", nullable: false),
                    order_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    transaction_reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    gateway_status = table.Column<int>(type: "INTEGER", nullable: true),
                    retired_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
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
