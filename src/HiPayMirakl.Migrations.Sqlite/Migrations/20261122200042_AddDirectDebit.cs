using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiPayMirakl.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddDirectDebit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sdd_mandates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debit_agreement_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    iban_masked = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    iban_fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    holder_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    mirakl_shop_id = table.Column<long>(type: "INTEGER", nullable: true),
                    vendor_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    last_collection_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sdd_mandates", x => x.id);
                    table.ForeignKey(
                        name: "fk_sdd_mandates_vendors_vendor_id",
                        column: x => x.vendor_id,
                        principalTable: "vendors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sdd_schedules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    mandate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    period = table.Column<int>(type: "INTEGER", nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sdd_schedules", x => x.id);
                    table.ForeignKey(
                        name: "fk_sdd_schedules_sdd_mandates_mandate_id",
                        column: x => x.mandate_id,
                        principalTable: "sdd_mandates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sdd_payments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    mandate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    gateway_status = table.Column<int>(type: "INTEGER", nullable: true),
                    transaction_reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    schedule_id = table.Column<long>(type: "INTEGER", nullable: true),
                    period_key = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    reason_code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    reason_message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    forward_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    collected_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sdd_payments", x => x.id);
                    table.ForeignKey(
                        name: "fk_sdd_payments_sdd_mandates_mandate_id",
                        column: x => x.mandate_id,
                        principalTable: "sdd_mandates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sdd_payments_sdd_schedules_schedule_id",
                        column: x => x.schedule_id,
                        principalTable: "sdd_schedules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sdd_leg_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    payment_id = table.Column<long>(type: "INTEGER", nullable: false),
                    leg_id = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sdd_leg_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_sdd_leg_links_legs_leg_id",
                        column: x => x.leg_id,
                        principalTable: "legs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sdd_leg_links_sdd_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "sdd_payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sdd_leg_links_leg_id",
                table: "sdd_leg_links",
                column: "leg_id");

            migrationBuilder.CreateIndex(
                name: "ix_sdd_leg_links_payment_id_leg_id",
                table: "sdd_leg_links",
                columns: new[] { "payment_id", "leg_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_mandates_debit_agreement_id",
                table: "sdd_mandates",
                column: "debit_agreement_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_mandates_mirakl_shop_id",
                table: "sdd_mandates",
                column: "mirakl_shop_id");

            migrationBuilder.CreateIndex(
                name: "ix_sdd_mandates_reference",
                table: "sdd_mandates",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_mandates_vendor_id",
                table: "sdd_mandates",
                column: "vendor_id");

            migrationBuilder.CreateIndex(
                name: "ix_sdd_payments_mandate_id_status",
                table: "sdd_payments",
                columns: new[] { "mandate_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_sdd_payments_order_id",
                table: "sdd_payments",
                column: "order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_payments_schedule_id_period_key",
                table: "sdd_payments",
                columns: new[] { "schedule_id", "period_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_payments_transaction_reference",
                table: "sdd_payments",
                column: "transaction_reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_schedules_active_mandate_id",
                table: "sdd_schedules",
                columns: new[] { "active", "mandate_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sdd_schedules_mandate_id",
                table: "sdd_schedules",
                column: "mandate_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sdd_leg_links");

            migrationBuilder.DropTable(
                name: "sdd_payments");

            migrationBuilder.DropTable(
                name: "sdd_schedules");

            migrationBuilder.DropTable(
                name: "sdd_mandates");
        }
    }
}
