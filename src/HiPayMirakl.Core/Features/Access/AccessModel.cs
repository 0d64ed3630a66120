using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Access;

/// <summary>
/// The tables of users, roles and API keys. Identity's entities are mapped here rather than by deriving the context from
/// IdentityDbContext: the connector's context keeps one base class and its own naming (snake_case tables and columns on
/// both providers), and this feature owns its part of the model. The keys and indexes are Identity's own.
/// </summary>
public static class AccessModel
{
    private const int NameLength = 256;

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<ConnectorUser>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.HasIndex(u => u.NormalizedUserName).HasDatabaseName("UserNameIndex").IsUnique();
            e.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex");
            e.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
            e.Property(u => u.UserName).HasMaxLength(NameLength);
            e.Property(u => u.NormalizedUserName).HasMaxLength(NameLength);
            e.Property(u => u.Email).HasMaxLength(NameLength);
            e.Property(u => u.NormalizedEmail).HasMaxLength(NameLength);
            e.Property(u => u.PasswordHash).HasMaxLength(500);
            e.Property(u => u.SecurityStamp).HasMaxLength(100);
            e.Property(u => u.ConcurrencyStamp).HasMaxLength(100);
            e.Property(u => u.PhoneNumber).HasMaxLength(50);
            e.HasMany<IdentityUserClaim<long>>().WithOne().HasForeignKey(c => c.UserId).IsRequired();
            e.HasMany<IdentityUserLogin<long>>().WithOne().HasForeignKey(l => l.UserId).IsRequired();
            e.HasMany<IdentityUserToken<long>>().WithOne().HasForeignKey(t => t.UserId).IsRequired();
            e.HasMany<IdentityUserRole<long>>().WithOne().HasForeignKey(r => r.UserId).IsRequired();
        });

        modelBuilder.Entity<IdentityUserClaim<long>>(e =>
        {
            e.ToTable("user_claims");
            e.HasKey(c => c.Id);
            e.Property(c => c.ClaimType).HasMaxLength(NameLength);
            e.Property(c => c.ClaimValue).HasMaxLength(1000);
        });

        modelBuilder.Entity<IdentityUserLogin<long>>(e =>
        {
            e.ToTable("user_logins");
            e.HasKey(l => new { l.LoginProvider, l.ProviderKey });
            e.Property(l => l.LoginProvider).HasMaxLength(128);
            e.Property(l => l.ProviderKey).HasMaxLength(128);
            e.Property(l => l.ProviderDisplayName).HasMaxLength(NameLength);
        });

        modelBuilder.Entity<IdentityUserToken<long>>(e =>
        {
            e.ToTable("user_tokens");
            e.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
            e.Property(t => t.LoginProvider).HasMaxLength(128);
            e.Property(t => t.Name).HasMaxLength(128);
            e.Property(t => t.Value).HasMaxLength(1000);
        });

        modelBuilder.Entity<IdentityRole<long>>(e =>
        {
            e.ToTable("roles");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.NormalizedName).HasDatabaseName("RoleNameIndex").IsUnique();
            e.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
            e.Property(r => r.Name).HasMaxLength(NameLength);
            e.Property(r => r.NormalizedName).HasMaxLength(NameLength);
            e.Property(r => r.ConcurrencyStamp).HasMaxLength(100);
            e.HasMany<IdentityUserRole<long>>().WithOne().HasForeignKey(ur => ur.RoleId).IsRequired();
            e.HasMany<IdentityRoleClaim<long>>().WithOne().HasForeignKey(rc => rc.RoleId).IsRequired();
            // The three roles exist from the first migration on: assigning one never creates it.
            e.HasData(ConnectorRoles.All.Select((name, i) => new IdentityRole<long>
            {
                Id = i + 1,
                Name = name,
                NormalizedName = name.ToUpperInvariant(),
                ConcurrencyStamp = name,
            }));
        });

        modelBuilder.Entity<IdentityRoleClaim<long>>(e =>
        {
            e.ToTable("role_claims");
            e.HasKey(c => c.Id);
            e.Property(c => c.ClaimType).HasMaxLength(NameLength);
            e.Property(c => c.ClaimValue).HasMaxLength(1000);
        });

        modelBuilder.Entity<IdentityUserRole<long>>(e =>
        {
            e.ToTable("user_roles");
            e.HasKey(r => new { r.UserId, r.RoleId });
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.Prefix).IsUnique();
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Role).HasMaxLength(20);
            e.Property(k => k.Prefix).HasMaxLength(32);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.CreatedBy).HasMaxLength(NameLength);
        });
    }
}
