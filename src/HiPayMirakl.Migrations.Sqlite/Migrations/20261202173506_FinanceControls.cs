using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiPayMirakl.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FinanceControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bank_info_changed_at",
                table: "vendors",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "approval_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leg_id = table.Column<long>(type: "INTEGER", nullable: false),
                    verdict = table.Column<int>(type: "INTEGER", nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    rules_version = table.Column<int>(type: "INTEGER", nullable: true),
                    decided_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "approval_holds",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leg_id = table.Column<long>(type: "INTEGER", nullable: false),
                    rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    rules_version = table.Column<int>(type: "INTEGER", nullable: true),
                    held_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "approval_rule_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    rules_json = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    previous_json = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    changed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    changed_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_rule_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leg_overrides",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leg_id = table.Column<long>(type: "INTEGER", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    before_json = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    after_json = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    cycle_instant = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    window_start = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    window_end = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    started_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    finished_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    finding_count = table.Column<int>(type: "INTEGER", nullable: false),
                    counts = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    invoice_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    leg_id = table.Column<long>(type: "INTEGER", nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
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
                });

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
