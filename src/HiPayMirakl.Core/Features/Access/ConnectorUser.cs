using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Identity;

namespace HiPayMirakl.Core.Features.Access;

/// <summary>A person who signs in (by e-mail and password) to the admin API and the dashboard. The user name is the e-mail.</summary>
public sealed class ConnectorUser : IdentityUser<long>, ITimestamped
{
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when an admin disabled the account: it cannot sign in any more and its sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
