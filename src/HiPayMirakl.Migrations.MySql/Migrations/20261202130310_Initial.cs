using System;
using Microsoft.EntityFrameworkCore.Migrations;
using MySql.EntityFrameworkCore.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace HiPayMirakl.Migrations.MySql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "alert_digests",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    sent_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    recipients = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: false),
                    alert_count = table.Column<int>(type: "int", nullable: false),
                    error = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_digests", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    name = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    role = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    prefix = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    hash = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    created_by = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    last_used_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "datetime(6)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    name = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    arguments = table.Column<string>(type: "longtext", nullable: true),
                    host = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    status = table.Column<int>(type: "int", nullable: false),
                    started_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    ended_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    items_processed = table.Column<int>(type: "int", nullable: false),
                    items_failed = table.Column<int>(type: "int", nullable: false),
                    error = table.Column<string>(type: "longtext", nullable: true),
                    trigger = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: true),
                    scheduled_for = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    summary = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_batches", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "invoice_backlog",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    invoice_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: false),
                    seller_amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    operator_amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: false),
                    cycle_date = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    resolved_at = table.Column<DateTime>(type: "datetime(6)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_backlog", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "job_leases",
                columns: table => new
                {
                    job_name = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    holder = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    acquired_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    expires_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_leases", x => x.job_name);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "log_general",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    level = table.Column<int>(type: "int", nullable: false),
                    level_name = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    action = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: true),
                    batch_id = table.Column<long>(type: "bigint", nullable: true),
                    message = table.Column<string>(type: "longtext", nullable: false),
                    context = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_general", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "log_vendors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: false),
                    hipay_account_id = table.Column<long>(type: "bigint", nullable: true),
                    batch_id = table.Column<long>(type: "bigint", nullable: true),
                    login = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    status = table.Column<int>(type: "int", nullable: false),
                    wallet_status = table.Column<int>(type: "int", nullable: false),
                    message = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: true),
                    documents_sent = table.Column<int>(type: "int", nullable: false),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    payment_blocked = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    country = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_vendors", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "notification_inbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    source = table.Column<int>(type: "int", nullable: false),
                    dedupe_key = table.Column<string>(type: "varchar(300)", maxLength: 300, nullable: false),
                    raw_body = table.Column<byte[]>(type: "longblob", nullable: false),
                    content_type = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true),
                    reference = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    received_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    processed_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    outcome = table.Column<int>(type: "int", nullable: false),
                    outcome_message = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: true),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    waiting_since = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    claimed_by = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    claim_expires_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_inbox", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    disabled_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    user_name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    password_hash = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    security_stamp = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true),
                    phone_number = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    lockout_end = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    access_failed_count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "vendors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: false),
                    hipay_account_id = table.Column<long>(type: "bigint", nullable: true),
                    hipay_user_space_id = table.Column<long>(type: "bigint", nullable: true),
                    email = table.Column<string>(type: "varchar(320)", maxLength: 320, nullable: false),
                    login = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    shop_name = table.Column<string>(type: "varchar(300)", maxLength: 300, nullable: true),
                    identified = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    callback_salt = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    vat_number = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    country = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: true),
                    currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: false),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    payment_blocked = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    bank_info_status = table.Column<int>(type: "int", nullable: false),
                    bank_info_fingerprint = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vendors", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "alert_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    kind = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    severity = table.Column<int>(type: "int", nullable: false),
                    subject = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false),
                    detail = table.Column<string>(type: "varchar(4000)", maxLength: 4000, nullable: false),
                    key = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    raised_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    mailable = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    throttled = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    digest_id = table.Column<long>(type: "bigint", nullable: true),
                    mailed_at = table.Column<DateTime>(type: "datetime(6)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_log", x => x.id);
                    table.ForeignKey(
                        name: "fk_alert_log_alert_digests_digest_id",
                        column: x => x.digest_id,
                        principalTable: "alert_digests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    role_id = table.Column<long>(type: "bigint", nullable: false),
                    claim_type = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    claim_value = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    claim_type = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    claim_value = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "varchar(128)", maxLength: 128, nullable: false),
                    provider_key = table.Column<string>(type: "varchar(128)", maxLength: 128, nullable: false),
                    provider_display_name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    user_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    role_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    login_provider = table.Column<string>(type: "varchar(128)", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "varchar(128)", maxLength: 128, nullable: false),
                    value = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "legs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    kind = table.Column<int>(type: "int", nullable: false),
                    invoice_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: true),
                    vendor_id = table.Column<long>(type: "bigint", nullable: true),
                    beneficiary_account_id = table.Column<long>(type: "bigint", nullable: true),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    origin_amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    withdrawn_amount_minor = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    merchant_unique_id = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false),
                    transfer_generation = table.Column<int>(type: "int", nullable: false),
                    withdraw_generation = table.Column<int>(type: "int", nullable: false),
                    withdraw_bank_fingerprint = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    transfer_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    withdraw_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    adjusted_into_leg_id = table.Column<long>(type: "bigint", nullable: true),
                    cycle_date = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    transfer_requested_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    withdraw_requested_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    settled_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    claim_owner = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    claim_token = table.Column<long>(type: "bigint", nullable: false),
                    claim_expires_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    attempt_count = table.Column<int>(type: "int", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    last_error = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "sdd_mandates",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    debit_agreement_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    status = table.Column<int>(type: "int", nullable: false),
                    iban_masked = table.Column<string>(type: "varchar(40)", maxLength: 40, nullable: false),
                    iban_fingerprint = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    holder_name = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    reference = table.Column<string>(type: "varchar(35)", maxLength: 35, nullable: false),
                    mirakl_shop_id = table.Column<long>(type: "bigint", nullable: true),
                    vendor_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    last_collection_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "vendor_documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    vendor_id = table.Column<long>(type: "bigint", nullable: false),
                    mirakl_document_id = table.Column<long>(type: "bigint", nullable: false),
                    document_type = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    hipay_document_type = table.Column<int>(type: "int", nullable: false),
                    file_name = table.Column<string>(type: "varchar(300)", maxLength: 300, nullable: false),
                    mirakl_uploaded_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    uploaded_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "log_legs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    leg_id = table.Column<long>(type: "bigint", nullable: false),
                    batch_id = table.Column<long>(type: "bigint", nullable: true),
                    from_status = table.Column<int>(type: "int", nullable: true),
                    to_status = table.Column<int>(type: "int", nullable: false),
                    message = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: true),
                    actor = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    balance_minor = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "sdd_schedules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    mandate_id = table.Column<long>(type: "bigint", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: false),
                    period = table.Column<int>(type: "int", nullable: false),
                    day = table.Column<int>(type: "int", nullable: false),
                    description = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    active = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "sdd_payments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    order_id = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    mandate_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "int", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: false),
                    description = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    gateway_status = table.Column<int>(type: "int", nullable: true),
                    transaction_reference = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: true),
                    attempt = table.Column<int>(type: "int", nullable: false),
                    sent_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    held = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    schedule_id = table.Column<long>(type: "bigint", nullable: true),
                    period_key = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: true),
                    reason_code = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: true),
                    reason_message = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    forward_url = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    collected_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "sdd_leg_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    leg_id = table.Column<long>(type: "bigint", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "sdd_payment_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    from_status = table.Column<int>(type: "int", nullable: false),
                    to_status = table.Column<int>(type: "int", nullable: false),
                    order_id = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    message = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "sdd_retired_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    transaction_reference = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: true),
                    gateway_status = table.Column<int>(type: "int", nullable: true),
                    retired_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[,]
                {
                    { 1L, "viewer", "viewer", "VIEWER" },
                    { 2L, "operator", "operator", "OPERATOR" },
                    { 3L, "admin", "admin", "ADMIN" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_alert_digests_status_sent_at",
                table: "alert_digests",
                columns: new[] { "status", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_log_digest_id",
                table: "alert_log",
                column: "digest_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_log_kind_key_raised_at",
                table: "alert_log",
                columns: new[] { "kind", "key", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_log_mailable_digest_id",
                table: "alert_log",
                columns: new[] { "mailable", "digest_id" });

            migrationBuilder.CreateIndex(
                name: "ix_alert_log_raised_at",
                table: "alert_log",
                column: "raised_at");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_prefix",
                table: "api_keys",
                column: "prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_batches_name_scheduled_for",
                table: "batches",
                columns: new[] { "name", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "ix_batches_name_started_at",
                table: "batches",
                columns: new[] { "name", "started_at" });

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
                name: "ix_notification_inbox_outcome_next_attempt_at",
                table: "notification_inbox",
                columns: new[] { "outcome", "next_attempt_at" });

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
                name: "ix_notification_inbox_source_reference",
                table: "notification_inbox",
                columns: new[] { "source", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "role_name_index",
                table: "roles",
                column: "normalized_name",
                unique: true);

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
                name: "ix_sdd_payment_log_payment_id_id",
                table: "sdd_payment_log",
                columns: new[] { "payment_id", "id" });

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
                name: "ix_sdd_retired_orders_order_id",
                table: "sdd_retired_orders",
                column: "order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sdd_retired_orders_payment_id",
                table: "sdd_retired_orders",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_sdd_schedules_active_mandate_id",
                table: "sdd_schedules",
                columns: new[] { "active", "mandate_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sdd_schedules_mandate_id",
                table: "sdd_schedules",
                column: "mandate_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "email_index",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "user_name_index",
                table: "users",
                column: "normalized_user_name",
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

            // Quartz.NET's job-store schema for MySQL (the script the Quartz package runs when it provisions its own
            // schema), tables prefixed qrtz_ as configured in SchedulingServices. Table names keep Quartz's upper-case
            // suffixes: its queries spell them so, and MySQL table names are case-sensitive on Linux.
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_JOB_DETAILS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  JOB_NAME VARCHAR(200) NOT NULL,
                  JOB_GROUP VARCHAR(200) NOT NULL,
                  DESCRIPTION VARCHAR(250) NULL,
                  JOB_CLASS_NAME VARCHAR(250) NOT NULL,
                  IS_DURABLE BOOLEAN NOT NULL,
                  IS_NONCONCURRENT BOOLEAN NOT NULL,
                  IS_UPDATE_DATA BOOLEAN NOT NULL,
                  REQUESTS_RECOVERY BOOLEAN NOT NULL,
                  JOB_DATA BLOB NULL,
                  PRIMARY KEY (SCHED_NAME,JOB_NAME,JOB_GROUP),
                  KEY IDX_qrtz_J_G_N (SCHED_NAME,JOB_GROUP,JOB_NAME)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_TRIGGERS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  JOB_NAME VARCHAR(200) NOT NULL,
                  JOB_GROUP VARCHAR(200) NOT NULL,
                  DESCRIPTION VARCHAR(250) NULL,
                  NEXT_FIRE_TIME BIGINT NULL,
                  PREV_FIRE_TIME BIGINT NULL,
                  PRIORITY INTEGER NULL,
                  TRIGGER_STATE VARCHAR(16) NOT NULL,
                  TRIGGER_TYPE VARCHAR(8) NOT NULL,
                  START_TIME BIGINT NOT NULL,
                  END_TIME BIGINT NULL,
                  CALENDAR_NAME VARCHAR(200) NULL,
                  MISFIRE_INSTR SMALLINT NULL,
                  MISFIRE_ORIG_FIRE_TIME BIGINT NULL,
                  EXECUTION_GROUP VARCHAR(200) NULL,
                  PREFERRED_NODE VARCHAR(200) NULL,
                  PREFERRED_NODE_AUTO BOOLEAN NOT NULL DEFAULT FALSE,
                  RETRY_POLICY VARCHAR(250) NULL,
                  RETRY_ATTEMPT INTEGER NULL,
                  CONTINUES_TRIGGER_NAME VARCHAR(200) NULL,
                  CONTINUES_TRIGGER_GROUP VARCHAR(200) NULL,
                  CONTINUATION_CONDITION INTEGER NULL,
                  OVERLAP_POLICY INTEGER NULL,
                  PAUSE_REASON VARCHAR(250) NULL,
                  PAUSED_BY VARCHAR(200) NULL,
                  PAUSED_AT BIGINT NULL,
                  MISFIRE_THRESHOLD BIGINT NULL,
                  FIXED_DELAY BOOLEAN NULL,
                  JOB_DATA BLOB NULL,
                  PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME,JOB_NAME,JOB_GROUP) REFERENCES qrtz_JOB_DETAILS (SCHED_NAME,JOB_NAME,JOB_GROUP),
                  KEY IDX_qrtz_T_J (SCHED_NAME,JOB_NAME,JOB_GROUP),
                  KEY IDX_qrtz_T_G_N (SCHED_NAME,TRIGGER_GROUP,TRIGGER_NAME),
                  KEY IDX_qrtz_T_C (SCHED_NAME,CALENDAR_NAME),
                  KEY IDX_qrtz_T_NFT_ST (SCHED_NAME,TRIGGER_STATE,NEXT_FIRE_TIME ASC,PRIORITY DESC,MISFIRE_INSTR)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_SIMPLE_TRIGGERS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  REPEAT_COUNT BIGINT NOT NULL,
                  REPEAT_INTERVAL BIGINT NOT NULL,
                  TIMES_TRIGGERED BIGINT NOT NULL,
                  PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_CRON_TRIGGERS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  CRON_EXPRESSION VARCHAR(120) NOT NULL,
                  TIME_ZONE_ID VARCHAR(80),
                  PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_SIMPROP_TRIGGERS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  STR_PROP_1 VARCHAR(512) NULL,
                  STR_PROP_2 VARCHAR(512) NULL,
                  STR_PROP_3 VARCHAR(512) NULL,
                  INT_PROP_1 INT NULL,
                  INT_PROP_2 INT NULL,
                  LONG_PROP_1 BIGINT NULL,
                  LONG_PROP_2 BIGINT NULL,
                  DEC_PROP_1 NUMERIC(13,4) NULL,
                  DEC_PROP_2 NUMERIC(13,4) NULL,
                  BOOL_PROP_1 BOOLEAN NULL,
                  BOOL_PROP_2 BOOLEAN NULL,
                  TIME_ZONE_ID VARCHAR(80) NULL,
                  PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_BLOB_TRIGGERS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  BLOB_DATA BLOB NULL,
                  PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_CALENDARS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  CALENDAR_NAME VARCHAR(200) NOT NULL,
                  CALENDAR BLOB NOT NULL,
                  PRIMARY KEY (SCHED_NAME,CALENDAR_NAME)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_PAUSED_TRIGGER_GRPS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  PAUSE_REASON VARCHAR(250) NULL,
                  PAUSED_BY VARCHAR(200) NULL,
                  PAUSED_AT BIGINT NULL,
                  PRIMARY KEY (SCHED_NAME,TRIGGER_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_PAUSED_JOB_GRPS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  JOB_GROUP VARCHAR(200) NOT NULL,
                  PAUSE_REASON VARCHAR(250) NULL,
                  PAUSED_BY VARCHAR(200) NULL,
                  PAUSED_AT BIGINT NULL,
                  PRIMARY KEY (SCHED_NAME,JOB_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_FIRED_TRIGGERS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  ENTRY_ID VARCHAR(140) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  INSTANCE_NAME VARCHAR(200) NOT NULL,
                  FIRED_TIME BIGINT NOT NULL,
                  SCHED_TIME BIGINT NOT NULL,
                  PRIORITY INTEGER NOT NULL,
                  STATE VARCHAR(16) NOT NULL,
                  JOB_NAME VARCHAR(200) NULL,
                  JOB_GROUP VARCHAR(200) NULL,
                  IS_NONCONCURRENT BOOLEAN NULL,
                  REQUESTS_RECOVERY BOOLEAN NULL,
                  EXECUTION_GROUP VARCHAR(200) NULL,
                  PROGRESS INTEGER NULL,
                  PROGRESS_MESSAGE VARCHAR(250) NULL,
                  INTERRUPT_REQUESTED_TIME BIGINT NULL,
                  PRIMARY KEY (SCHED_NAME,ENTRY_ID),
                  KEY IDX_qrtz_FT_INST_JOB_REQ_RCVRY (SCHED_NAME,INSTANCE_NAME,REQUESTS_RECOVERY),
                  KEY IDX_qrtz_FT_J_G (SCHED_NAME,JOB_NAME,JOB_GROUP),
                  KEY IDX_qrtz_FT_T_G (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_SCHEDULER_STATE (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  INSTANCE_NAME VARCHAR(200) NOT NULL,
                  LAST_CHECKIN_TIME BIGINT NOT NULL,
                  CHECKIN_INTERVAL BIGINT NOT NULL,
                  QUARTZ_VERSION VARCHAR(20) NULL,
                  PRIMARY KEY (SCHED_NAME,INSTANCE_NAME)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_LOCKS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  LOCK_NAME VARCHAR(40) NOT NULL,
                  PRIMARY KEY (SCHED_NAME,LOCK_NAME)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_EXECUTION_HISTORY (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  ENTRY_ID VARCHAR(140) NOT NULL,
                  INSTANCE_NAME VARCHAR(200) NOT NULL,
                  JOB_NAME VARCHAR(200) NOT NULL,
                  JOB_GROUP VARCHAR(200) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  FIRED_TIME BIGINT NOT NULL,
                  RUN_TIME BIGINT NOT NULL,
                  SUCCEEDED BOOLEAN NOT NULL,
                  ERROR_MESSAGE VARCHAR(1000) NULL,
                  RETRY_ATTEMPT INTEGER NOT NULL DEFAULT 0,
                  RETRY_SCHEDULED BOOLEAN NOT NULL DEFAULT FALSE,
                  EXECUTION_LOG LONGTEXT NULL,
                  RESULT INTEGER NULL,
                  SUMMARY VARCHAR(1000) NULL,
                  METRICS LONGTEXT NULL,
                  MANUAL BOOLEAN NULL,
                  FIRE_INSTANCE_ID VARCHAR(140) NULL,
                  JOB_INPUT LONGTEXT NULL,
                  JOB_INPUT_TOO_LARGE BOOLEAN NULL,
                  PRIMARY KEY (SCHED_NAME,ENTRY_ID),
                  KEY IDX_qrtz_EH_FIRED_TIME (SCHED_NAME,FIRED_TIME),
                  KEY IDX_qrtz_EH_INST (SCHED_NAME,INSTANCE_NAME),
                  KEY IDX_qrtz_EH_JOB_TIME (SCHED_NAME,JOB_GROUP,JOB_NAME,FIRED_TIME),
                  KEY IDX_qrtz_EH_FIRE_INST (SCHED_NAME,FIRE_INSTANCE_ID),
                  KEY IDX_qrtz_EH_TRIG_TIME (SCHED_NAME,TRIGGER_GROUP,TRIGGER_NAME,FIRED_TIME)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_MISFIRE_HISTORY (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  ENTRY_ID VARCHAR(140) NOT NULL,
                  INSTANCE_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_NAME VARCHAR(200) NOT NULL,
                  TRIGGER_GROUP VARCHAR(200) NOT NULL,
                  JOB_NAME VARCHAR(200) NULL,
                  JOB_GROUP VARCHAR(200) NULL,
                  MISFIRE_TIME BIGINT NOT NULL,
                  SCHED_TIME BIGINT NULL,
                  REASON INTEGER NULL,
                  PRIMARY KEY (SCHED_NAME,ENTRY_ID),
                  KEY IDX_qrtz_MH_MISFIRE_TIME (SCHED_NAME,MISFIRE_TIME),
                  KEY IDX_qrtz_MH_INST (SCHED_NAME,INSTANCE_NAME)
                ) ENGINE=InnoDB;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS qrtz_JOB_STATUS (
                  SCHED_NAME VARCHAR(120) NOT NULL,
                  JOB_GROUP VARCHAR(200) NOT NULL,
                  JOB_NAME VARCHAR(200) NOT NULL,
                  FIRST_FIRED_TIME BIGINT NOT NULL,
                  LAST_FIRED_TIME BIGINT NOT NULL,
                  LAST_RESULT INTEGER NOT NULL,
                  LAST_RUN_TIME BIGINT NOT NULL,
                  LAST_INSTANCE_NAME VARCHAR(200) NOT NULL,
                  LAST_ENTRY_ID VARCHAR(140) NULL,
                  LAST_SUMMARY VARCHAR(1000) NULL,
                  LAST_SUCCESS_TIME BIGINT NULL,
                  LAST_FAILURE_TIME BIGINT NULL,
                  LAST_FAILURE_MESSAGE VARCHAR(1000) NULL,
                  CONSECUTIVE_FAILURES INTEGER NOT NULL DEFAULT 0,
                  RUN_COUNT BIGINT NOT NULL DEFAULT 0,
                  FAILURE_COUNT BIGINT NOT NULL DEFAULT 0,
                  PRIMARY KEY (SCHED_NAME,JOB_GROUP,JOB_NAME)
                ) ENGINE=InnoDB;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_JOB_STATUS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_MISFIRE_HISTORY;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_EXECUTION_HISTORY;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_LOCKS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_SCHEDULER_STATE;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_FIRED_TRIGGERS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_PAUSED_JOB_GRPS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_PAUSED_TRIGGER_GRPS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_CALENDARS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_BLOB_TRIGGERS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_SIMPROP_TRIGGERS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_CRON_TRIGGERS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_SIMPLE_TRIGGERS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_TRIGGERS;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_JOB_DETAILS;");

            migrationBuilder.DropTable(
                name: "alert_log");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "batches");

            migrationBuilder.DropTable(
                name: "invoice_backlog");

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
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "sdd_leg_links");

            migrationBuilder.DropTable(
                name: "sdd_payment_log");

            migrationBuilder.DropTable(
                name: "sdd_retired_orders");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "vendor_documents");

            migrationBuilder.DropTable(
                name: "alert_digests");

            migrationBuilder.DropTable(
                name: "legs");

            migrationBuilder.DropTable(
                name: "sdd_payments");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "sdd_schedules");

            migrationBuilder.DropTable(
                name: "sdd_mandates");

            migrationBuilder.DropTable(
                name: "vendors");
        }
    }
}
