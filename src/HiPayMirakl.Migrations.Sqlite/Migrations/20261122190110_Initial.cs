using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiPayMirakl.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    arguments = table.Column<string>(type: "TEXT", nullable: true),
                    host = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    ended_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    items_processed = table.Column<int>(type: "INTEGER", nullable: false),
                    items_failed = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_leases",
                columns: table => new
                {
                    job_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    acquired_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    expires_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_leases", x => x.job_name);
                });

            migrationBuilder.CreateTable(
                name: "log_general",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    level_name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    mirakl_shop_id = table.Column<long>(type: "INTEGER", nullable: true),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    context = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_general", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "log_vendors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    mirakl_shop_id = table.Column<long>(type: "INTEGER", nullable: false),
                    hipay_account_id = table.Column<long>(type: "INTEGER", nullable: true),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    login = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    wallet_status = table.Column<int>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    documents_sent = table.Column<int>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    payment_blocked = table.Column<bool>(type: "INTEGER", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_vendors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_inbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    dedupe_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    raw_body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    received_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    processed_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    outcome_message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_inbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "vendors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    mirakl_shop_id = table.Column<long>(type: "INTEGER", nullable: false),
                    hipay_account_id = table.Column<long>(type: "INTEGER", nullable: true),
                    hipay_user_space_id = table.Column<long>(type: "INTEGER", nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    login = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    shop_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    identified = table.Column<bool>(type: "INTEGER", nullable: false),
                    callback_salt = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    vat_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    country = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    payment_blocked = table.Column<bool>(type: "INTEGER", nullable: false),
                    bank_info_status = table.Column<int>(type: "INTEGER", nullable: false),
                    bank_info_fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vendors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "legs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    invoice_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    mirakl_shop_id = table.Column<long>(type: "INTEGER", nullable: true),
                    vendor_id = table.Column<long>(type: "INTEGER", nullable: true),
                    beneficiary_account_id = table.Column<long>(type: "INTEGER", nullable: true),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    origin_amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    withdrawn_amount_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    merchant_unique_id = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    transfer_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    withdraw_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    adjusted_into_leg_id = table.Column<long>(type: "INTEGER", nullable: true),
                    cycle_date = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    transfer_requested_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    settled_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    attempt_count = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legs", x => x.id);
                    table.ForeignKey(
                        name: "fk_legs_legs_adjusted_into_leg_id",
                        column: x => x.adjusted_into_leg_id,
                        principalTable: "legs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_legs_vendors_vendor_id",
                        column: x => x.vendor_id,
                        principalTable: "vendors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "vendor_documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    vendor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    mirakl_document_id = table.Column<long>(type: "INTEGER", nullable: false),
                    document_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    hipay_document_type = table.Column<int>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    mirakl_uploaded_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    uploaded_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vendor_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_vendor_documents_vendors_vendor_id",
                        column: x => x.vendor_id,
                        principalTable: "vendors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "log_legs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leg_id = table.Column<long>(type: "INTEGER", nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    from_status = table.Column<int>(type: "INTEGER", nullable: true),
                    to_status = table.Column<int>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    balance_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_legs", x => x.id);
                    table.ForeignKey(
                        name: "fk_log_legs_legs_leg_id",
                        column: x => x.leg_id,
                        principalTable: "legs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_batches_name_started_at",
                table: "batches",
                columns: new[] { "name", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_legs_adjusted_into_leg_id",
                table: "legs",
                column: "adjusted_into_leg_id");

            migrationBuilder.CreateIndex(
                name: "ix_legs_beneficiary_account_id",
                table: "legs",
                column: "beneficiary_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_legs_invoice_id_kind",
                table: "legs",
                columns: new[] { "invoice_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legs_merchant_unique_id",
                table: "legs",
                column: "merchant_unique_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legs_status_next_attempt_at",
                table: "legs",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_legs_transfer_id",
                table: "legs",
                column: "transfer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legs_vendor_id",
                table: "legs",
                column: "vendor_id");

            migrationBuilder.CreateIndex(
                name: "ix_legs_withdraw_id",
                table: "legs",
                column: "withdraw_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_log_general_created_at",
                table: "log_general",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_log_general_level_created_at",
                table: "log_general",
                columns: new[] { "level", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_log_legs_leg_id_created_at",
                table: "log_legs",
                columns: new[] { "leg_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_log_vendors_mirakl_shop_id_created_at",
                table: "log_vendors",
                columns: new[] { "mirakl_shop_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_inbox_outcome_received_at",
                table: "notification_inbox",
                columns: new[] { "outcome", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_inbox_source_dedupe_key",
                table: "notification_inbox",
                columns: new[] { "source", "dedupe_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vendor_documents_vendor_id_mirakl_document_id",
                table: "vendor_documents",
                columns: new[] { "vendor_id", "mirakl_document_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vendors_email",
                table: "vendors",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_vendors_hipay_account_id",
                table: "vendors",
                column: "hipay_account_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vendors_mirakl_shop_id",
                table: "vendors",
                column: "mirakl_shop_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "batches");

            migrationBuilder.DropTable(
                name: "job_leases");

            migrationBuilder.DropTable(
                name: "log_general");

            migrationBuilder.DropTable(
                name: "log_legs");

            migrationBuilder.DropTable(
                name: "log_vendors");

            migrationBuilder.DropTable(
                name: "notification_inbox");

            migrationBuilder.DropTable(
                name: "vendor_documents");

            migrationBuilder.DropTable(
                name: "legs");

            migrationBuilder.DropTable(
                name: "vendors");
        }
    }
}
