using HiPayMirakl.Core.Configuration;
using Simulator.Common;
using Simulator.HiPayWallet;
using Simulator.Mirakl;

namespace HiPayMirakl.Cli;

/// <summary>The connector's settings for simulators hosted in-process (the demo, the integration tests).</summary>
public static class SimulatorSettings
{
    public static ConnectorSettings For(SimulatorHost mirakl, MiraklSimulatorOptions miraklOptions, SimulatorHost wallet,
        HiPayWalletSimulatorOptions walletOptions, DatabaseOptions database, string tempPath)
    {
        ArgumentNullException.ThrowIfNull(mirakl);
        ArgumentNullException.ThrowIfNull(miraklOptions);
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(walletOptions);
        var settings = new ConnectorSettings
        {
            // Loopback simulators: the client-side token bucket should not be what a run waits on.
            Mirakl = new MiraklOptions { BaseUrl = mirakl.BaseAddress.ToString(), OperatorKey = miraklOptions.OperatorKeys[0], RequestsPerSecond = 500 },
            HiPayWallet = new HiPayWalletOptions
            {
                BaseRestUrl = wallet.BaseAddress.ToString(),
                WsLogin = walletOptions.TechnicalLogin,
                WsPassword = walletOptions.TechnicalPassword,
                Entity = walletOptions.Entity,
                MarketplaceTechnicalId = "7",
                RequestsPerSecond = 500,
            },
            Accounts = new AccountsOptions
            {
                TechnicalAccountId = walletOptions.TechnicalAccountId,
                TechnicalEmail = walletOptions.TechnicalEmail,
                OperatorAccountId = walletOptions.OperatorAccountId,
                OperatorEmail = walletOptions.OperatorEmail,
            },
            Database = database,
            Runtime = new RuntimeOptions { TempPath = tempPath },
        };
        settings.Cycle.Days.AddRange(ConnectorSettings.DefaultCycleDays);
        return settings;
    }
}
