using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HiPayMirakl.Migrations.MySql;

/// <summary>Lets `dotnet ef migrations add` build the context for this provider; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ConnectorDbContext>
{
    public ConnectorDbContext CreateDbContext(string[] args) =>
        new(ConnectorDatabase.CreateOptions(DatabaseProvider.MySql, "Server=localhost;Database=design_time;User ID=root"));
}
