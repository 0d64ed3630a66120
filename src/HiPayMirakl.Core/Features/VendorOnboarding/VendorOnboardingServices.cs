using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

public static class VendorOnboardingServices
{
    /// <summary>The vendor sync job and the Mirakl settings check (needs the Mirakl and Wallet clients and the core).</summary>
    public static IServiceCollection AddVendorOnboarding(this IServiceCollection services)
    {
        services.AddTransient<MiraklPreflight>();
        services.AddTransient<ShopPrerequisites>();
        services.AddTransient<VendorSyncJob>();
        return services;
    }
}
