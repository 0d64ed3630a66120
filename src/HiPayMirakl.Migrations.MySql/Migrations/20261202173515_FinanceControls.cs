using System;
using Microsoft.EntityFrameworkCore.Migrations;
using MySql.EntityFrameworkCore.Metadata;

#nullable disable

namespace HiPayMirakl.Migrations.MySql.Migrations
{
    /// <inheritdoc />
    public partial class FinanceControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "bank_info_changed_at",
                table: "vendors",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "approval_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    leg_id = table.Column<long>(type: "bigint", nullable: false),
                    verdict = table.Column<int>(type: "int", nullable: false),
                    decided_by = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    rules_version = table.Column<int>(type: "int", nullable: true),
                    decided_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_decisions_legs_leg_id",
                        column: x => x.leg_id,
                        principalTable: "legs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "approval_holds",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    leg_id = table.Column<long>(type: "bigint", nullable: false),
                    rules = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: false),
                    rules_version = table.Column<int>(type: "int", nullable: true),
                    held_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_holds", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_holds_legs_leg_id",
                        column: x => x.leg_id,
                        principalTable: "legs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "approval_rule_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    number = table.Column<int>(type: "int", nullable: false),
                    rules_json = table.Column<string>(type: "varchar(8000)", maxLength: 8000, nullable: false),
                    previous_json = table.Column<string>(type: "varchar(8000)", maxLength: 8000, nullable: false),
                    changed_by = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    changed_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_rule_versions", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "leg_overrides",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    leg_id = table.Column<long>(type: "bigint", nullable: false),
                    action = table.Column<string>(type: "varchar(30)", maxLength: 30, nullable: false),
                    reason = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false),
                    actor = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    before_json = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: false),
                    after_json = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leg_overrides", x => x.id);
                    table.ForeignKey(
                        name: "fk_leg_overrides_legs_leg_id",
                        column: x => x.leg_id,
                        principalTable: "legs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "reconciliation_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    cycle_instant = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    window_start = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    window_end = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    started_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    finished_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    trigger = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    batch_id = table.Column<long>(type: "bigint", nullable: true),
                    finding_count = table.Column<int>(type: "int", nullable: false),
                    counts = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: false),
                    error = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_runs", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "reconciliation_findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: false),
                    reference = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    invoice_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    leg_id = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: true),
                    amount_minor = table.Column<long>(type: "bigint", nullable: true),
                    detail = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_findings", x => x.id);
                    table.ForeignKey(
                        name: "fk_reconciliation_findings_reconciliation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "reconciliation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "ix_approval_decisions_leg_id",
                table: "approval_decisions",
                column: "leg_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_approval_holds_leg_id",
                table: "approval_holds",
                column: "leg_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_approval_rule_versions_number",
                table: "approval_rule_versions",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_leg_overrides_leg_id_created_at",
                table: "leg_overrides",
                columns: new[] { "leg_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_reconciliation_findings_run_id_kind_reference",
                table: "reconciliation_findings",
                columns: new[] { "run_id", "kind", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reconciliation_runs_started_at",
                table: "reconciliation_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_decisions");

            migrationBuilder.DropTable(
                name: "approval_holds");

            migrationBuilder.DropTable(
                name: "approval_rule_versions");

            migrationBuilder.DropTable(
                name: "leg_overrides");

            migrationBuilder.DropTable(
                name: "reconciliation_findings");

            migrationBuilder.DropTable(
                name: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "bank_info_changed_at",
                table: "vendors");
        }
    }
}
