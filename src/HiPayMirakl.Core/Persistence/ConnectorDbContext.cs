using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Features.Vendors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MySql.EntityFrameworkCore.Extensions;

namespace HiPayMirakl.Core.Persistence;

/// <summary>The connector's database: one context, three providers (SQLite by default, PostgreSQL, MySQL/MariaDB), one migrations set each.</summary>
public sealed class ConnectorDbContext(DbContextOptions<ConnectorDbContext> options, TimeProvider? clock = null)
    : DbContext(options)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public DbSet<Vendor> Vendors => Set<Vendor>();

    public DbSet<VendorDocument> VendorDocuments => Set<VendorDocument>();

    public DbSet<Leg> Legs => Set<Leg>();

    public DbSet<InvoiceBacklogEntry> InvoiceBacklog => Set<InvoiceBacklogEntry>();

    public DbSet<Batch> Batches => Set<Batch>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<GeneralLogEntry> GeneralLog => Set<GeneralLogEntry>();

    public DbSet<VendorLogEntry> VendorLog => Set<VendorLogEntry>();

    public DbSet<LegLogEntry> LegLog => Set<LegLogEntry>();

    public DbSet<LegOverride> LegOverrides => Set<LegOverride>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    public DbSet<Mandate> Mandates => Set<Mandate>();

    public DbSet<DirectDebitPayment> DirectDebitPayments => Set<DirectDebitPayment>();

    public DbSet<DirectDebitSchedule> DirectDebitSchedules => Set<DirectDebitSchedule>();

    public DbSet<DirectDebitLegLink> DirectDebitLegLinks => Set<DirectDebitLegLink>();

    public DbSet<DirectDebitPaymentLogEntry> DirectDebitPaymentLog => Set<DirectDebitPaymentLogEntry>();

    public DbSet<DirectDebitOrder> DirectDebitRetiredOrders => Set<DirectDebitOrder>();

    public DbSet<ConnectorUser> Users => Set<ConnectorUser>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AlertLogEntry> AlertLog => Set<AlertLogEntry>();

    public DbSet<AlertDigest> AlertDigests => Set<AlertDigest>();

    public DbSet<ReconciliationRun> ReconciliationRuns => Set<ReconciliationRun>();

    public DbSet<ReconciliationFinding> ReconciliationFindings => Set<ReconciliationFinding>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void Stamp()
    {
        if (Database.IsMySql())
        {
            // EF skips the transaction when a save fits in one batch, trusting the server to run a multi-statement
            // command atomically; MySQL in autocommit commits each statement of it, so a refused concurrency check
            // would leave the batch's other rows (a journal row without its leg's move). Every save is one transaction.
            Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }


        var now = _clock.GetUtcNow();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is ITimestamped stamped)
            {
                if (entry.State == EntityState.Added)
                {
                    if (stamped.CreatedAt == default)
                    {
                        stamped.CreatedAt = now;
                    }

                    stamped.UpdatedAt = stamped.UpdatedAt == default ? now : stamped.UpdatedAt;
                }
                else if (entry.State == EntityState.Modified)
                {
                    stamped.UpdatedAt = now;
                }
            }

            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                // The original value stays in the WHERE clause; the new one is written.
                versioned.Version++;
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Vendor>(e =>
        {
            e.ToTable("vendors");
            e.HasIndex(v => v.MiraklShopId).IsUnique();
            e.HasIndex(v => v.HiPayAccountId).IsUnique();
            e.HasIndex(v => v.Email);
            e.Property(v => v.Email).HasMaxLength(320);
            e.Property(v => v.Login).HasMaxLength(200);
            e.Property(v => v.ShopName).HasMaxLength(300);
            e.Property(v => v.CallbackSalt).HasMaxLength(200);
            e.Property(v => v.VatNumber).HasMaxLength(64);
            e.Property(v => v.Country).HasMaxLength(3);
            e.Property(v => v.Currency).HasMaxLength(3);
            e.Property(v => v.BankInfoFingerprint).HasMaxLength(64);
            e.Property(v => v.Version).IsConcurrencyToken();
            e.HasMany(v => v.Documents).WithOne(d => d.Vendor).HasForeignKey(d => d.VendorId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VendorDocument>(e =>
        {
            e.ToTable("vendor_documents");
            // One upload per Mirakl document: a second sync finds the row and skips it.
            e.HasIndex(d => new { d.VendorId, d.MiraklDocumentId }).IsUnique();
            e.Property(d => d.DocumentType).HasMaxLength(100);
            e.Property(d => d.FileName).HasMaxLength(300);
        });

        modelBuilder.Entity<Leg>(e =>
        {
            e.ToTable("legs");
            // An invoice pays each kind of leg once: the index, not a lookup, is what prevents a double payout.
            e.HasIndex(l => new { l.InvoiceId, l.Kind }).IsUnique();
            e.HasIndex(l => l.MerchantUniqueId).IsUnique();
            e.HasIndex(l => l.TransferId).IsUnique();
            e.HasIndex(l => l.WithdrawId).IsUnique();
            e.HasIndex(l => new { l.Status, l.NextAttemptAt });
            e.HasIndex(l => l.BeneficiaryAccountId);
            e.HasIndex(l => l.AdjustedIntoLegId);
            e.Property(l => l.InvoiceId).HasMaxLength(64);
            e.Property(l => l.Currency).HasMaxLength(3);
            e.Property(l => l.MerchantUniqueId).HasMaxLength(120);
            e.Property(l => l.TransferId).HasMaxLength(64);
            e.Property(l => l.WithdrawId).HasMaxLength(64);
            e.Property(l => l.LastError).HasMaxLength(2000);
            e.Property(l => l.WithdrawBankFingerprint).HasMaxLength(64);
            e.Property(l => l.Version).IsConcurrencyToken();
            // The claim's fencing token sits in the WHERE clause of every update of a leg: a stale holder's write
            // matches no row once another instance has claimed the leg.
            e.Property(l => l.ClaimToken).IsConcurrencyToken();
            e.Property(l => l.ClaimOwner).HasMaxLength(200);
            e.Ignore(l => l.Amount);
            e.Ignore(l => l.OriginAmount);
            e.Ignore(l => l.TransferMerchantUniqueId);
            e.Ignore(l => l.WithdrawalMerchantUniqueId);
            e.HasOne<Vendor>().WithMany().HasForeignKey(l => l.VendorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Leg>().WithMany().HasForeignKey(l => l.AdjustedIntoLegId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Batch>(e =>
        {
            e.ToTable("batches");
            e.HasIndex(b => new { b.Name, b.StartedAt });
            e.Property(b => b.Name).HasMaxLength(100);
            e.Property(b => b.Host).HasMaxLength(200);
            e.Property(b => b.Trigger).HasMaxLength(20);
            e.HasIndex(b => new { b.Name, b.ScheduledFor });
        });

        modelBuilder.Entity<JobLease>(e =>
        {
            e.ToTable("job_leases");
            e.HasKey(l => l.JobName);
            e.Property(l => l.JobName).HasMaxLength(100);
            e.Property(l => l.Holder).HasMaxLength(200);
        });

        modelBuilder.Entity<GeneralLogEntry>(e =>
        {
            e.ToTable("log_general");
            e.HasIndex(l => l.CreatedAt);
            e.HasIndex(l => new { l.Level, l.CreatedAt });
            e.Property(l => l.LevelName).HasMaxLength(20);
            e.Property(l => l.Action).HasMaxLength(100);
        });

        modelBuilder.Entity<VendorLogEntry>(e =>
        {
            e.ToTable("log_vendors");
            e.HasIndex(l => new { l.MiraklShopId, l.CreatedAt });
            e.Property(l => l.Login).HasMaxLength(200);
            e.Property(l => l.Message).HasMaxLength(1000);
            e.Property(l => l.Country).HasMaxLength(3);
        });

        modelBuilder.Entity<LegLogEntry>(e =>
        {
            e.ToTable("log_legs");
            e.HasIndex(l => new { l.LegId, l.CreatedAt });
            e.HasOne(l => l.Leg).WithMany().HasForeignKey(l => l.LegId).OnDelete(DeleteBehavior.Cascade);
            e.Property(l => l.Message).HasMaxLength(2000);
            e.Property(l => l.Actor).HasMaxLength(200);
        });

        new InboxMessageConfiguration().Configure(modelBuilder.Entity<InboxMessage>());

        modelBuilder.ApplyConfiguration(new InvoiceBacklogConfiguration());
        modelBuilder.ApplyConfiguration(new LegOverrideConfiguration());
        modelBuilder.ApplyConfiguration(new AlertLogEntryConfiguration());
        modelBuilder.ApplyConfiguration(new AlertDigestConfiguration());
        ConfigureDirectDebit(modelBuilder);
        AccessModel.Configure(modelBuilder);
        Features.Approvals.ApprovalsModel.Configure(modelBuilder);
        ReconciliationModel.Configure(modelBuilder);

        ApplySnakeCase(modelBuilder);
        if (Database.IsSqlite())
        {
            ApplySqliteTimestamps(modelBuilder);
        }

        if (Database.IsMySql())
        {
            // Without utf8mb4 a server whose default is latin1 or utf8mb3 turns accents and emoji into '?'.
            modelBuilder.HasCharSet("utf8mb4");
            ApplyMySqlTimestamps(modelBuilder);
        }
    }

    private static void ConfigureDirectDebit(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Mandate>(e =>
        {
            e.ToTable("sdd_mandates");
            e.HasIndex(m => m.DebitAgreementId).IsUnique();
            e.HasIndex(m => m.Reference).IsUnique();
            e.HasIndex(m => m.MiraklShopId);
            e.Property(m => m.DebitAgreementId).HasMaxLength(64);
            e.Property(m => m.IbanMasked).HasMaxLength(40);
            e.Property(m => m.IbanFingerprint).HasMaxLength(64);
            e.Property(m => m.HolderName).HasMaxLength(200);
            e.Property(m => m.Reference).HasMaxLength(35);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasOne<Vendor>().WithMany().HasForeignKey(m => m.VendorId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DirectDebitPayment>(e =>
        {
            e.ToTable("sdd_payments");
            // The order id is the gateway's idempotency handle: minted once, stored before the first call.
            e.HasIndex(p => p.OrderId).IsUnique();
            e.HasIndex(p => p.TransactionReference).IsUnique();
            // One debit per schedule period, whatever the number of runs.
            e.HasIndex(p => new { p.ScheduleId, p.PeriodKey }).IsUnique();
            e.HasIndex(p => new { p.MandateId, p.Status });
            e.Property(p => p.OrderId).HasMaxLength(32);
            e.Property(p => p.Currency).HasMaxLength(3);
            e.Property(p => p.Description).HasMaxLength(255);
            e.Property(p => p.TransactionReference).HasMaxLength(32);
            e.Property(p => p.PeriodKey).HasMaxLength(16);
            e.Property(p => p.ReasonCode).HasMaxLength(16);
            e.Property(p => p.ReasonMessage).HasMaxLength(500);
            e.Property(p => p.ForwardUrl).HasMaxLength(500);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.Ignore(p => p.IsSettledOrPending);
            e.HasOne<Mandate>().WithMany().HasForeignKey(p => p.MandateId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<DirectDebitSchedule>().WithMany().HasForeignKey(p => p.ScheduleId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(p => p.IsNotInFlight);
            e.HasMany(p => p.Log).WithOne().HasForeignKey(l => l.PaymentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.RetiredOrders).WithOne().HasForeignKey(o => o.PaymentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DirectDebitPaymentLogEntry>(e =>
        {
            e.ToTable("sdd_payment_log");
            e.HasIndex(l => new { l.PaymentId, l.Id });
            e.Property(l => l.OrderId).HasMaxLength(32);
            e.Property(l => l.Actor).HasMaxLength(200);
            e.Property(l => l.Message).HasMaxLength(2000);
        });

        modelBuilder.Entity<DirectDebitOrder>(e =>
        {
            e.ToTable("sdd_retired_orders");
            e.HasIndex(o => o.OrderId).IsUnique();
            e.HasIndex(o => o.PaymentId);
            e.Property(o => o.OrderId).HasMaxLength(32);
            e.Property(o => o.TransactionReference).HasMaxLength(32);
        });

        modelBuilder.Entity<DirectDebitSchedule>(e =>
        {
            e.ToTable("sdd_schedules");
            e.HasIndex(s => new { s.Active, s.MandateId });
            e.Property(s => s.Currency).HasMaxLength(3);
            e.Property(s => s.Description).HasMaxLength(255);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasOne<Mandate>().WithMany().HasForeignKey(s => s.MandateId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DirectDebitLegLink>(e =>
        {
            e.ToTable("sdd_leg_links");
            e.HasIndex(k => new { k.PaymentId, k.LegId }).IsUnique();
            e.HasIndex(k => k.LegId);
            e.HasOne<DirectDebitPayment>().WithMany().HasForeignKey(k => k.PaymentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Leg>().WithMany().HasForeignKey(k => k.LegId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>Column names in snake_case on both providers, so raw SQL reads the same on SQLite and PostgreSQL.</summary>
    private static void ApplySnakeCase(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName() ?? ""));
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(ToSnakeCase(fk.GetConstraintName() ?? ""));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName() ?? ""));
            }
        }
    }

    /// <summary>
    /// SQLite has no timestamp type; EF cannot order or compare DateTimeOffset stored natively there. Store UTC
    /// instants as fixed-width ISO-8601 text, which sorts and compares correctly as strings and stays readable.
    /// </summary>
    private static void ApplySqliteTimestamps(ModelBuilder modelBuilder)
    {
        var converter = new ValueConverter<DateTimeOffset, string>(
            v => v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            v => DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(converter);
                    property.SetMaxLength(28);
                }
            }
        }
    }

    /// <summary>
    /// MySQL and MariaDB have no timestamp with an offset, and the provider stores DateTimeOffset without its fractions
    /// of a second. Store UTC instants as DATETIME(6) (microseconds, sortable and comparable), read back as UTC.
    /// </summary>
    private static void ApplyMySqlTimestamps(ModelBuilder modelBuilder)
    {
        var converter = new ValueConverter<DateTimeOffset, DateTime>(
            v => v.UtcDateTime,
            v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(converter);
                    property.SetColumnType("datetime(6)");
                }
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        // "HiPay" is one word: hipay_account_id, not hi_pay_account_id.
        name = name.Replace("HiPay", "Hipay", StringComparison.Ordinal);
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                var previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (previousIsUpper && nextIsLower)))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
