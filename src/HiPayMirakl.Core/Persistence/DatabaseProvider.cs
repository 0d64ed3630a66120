namespace HiPayMirakl.Core.Persistence;

public enum DatabaseProvider
{
    Sqlite = 1,
    Postgres = 2,

    /// <summary>MySQL 8 or MariaDB (tested on MariaDB 10.11), through Oracle's MySql.EntityFrameworkCore provider.</summary>
    MySql = 3,
}
