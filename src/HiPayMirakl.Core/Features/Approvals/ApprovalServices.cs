using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Core.Features.Approvals;

public static class ApprovalServices
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddTransient<ApprovalService>();
        return services;
    }
}
