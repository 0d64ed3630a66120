using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HiPayMirakl.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the context for this provider; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ConnectorDbContext>
{
    public ConnectorDbContext CreateDbContext(string[] args) =>
        new(ConnectorDatabase.CreateOptions(DatabaseProvider.Postgres, "Host=localhost;Database=design_time;Username=postgres"));
}
