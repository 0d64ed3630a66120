using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace HiPayMirakl.Core.Configuration;

/// <summary>All options of the connector, bound from one configuration, with unknown keys refused.</summary>
public sealed class ConnectorSettings
{
    public MiraklOptions Mirakl { get; init; } = new();

    public HiPayWalletOptions HiPayWallet { get; init; } = new();

    public AccountsOptions Accounts { get; init; } = new();

    public CycleOptions Cycle { get; init; } = new();

    public LabelsOptions Labels { get; init; } = new();

    public DatabaseOptions Database { get; init; } = new();

    public Features.Alerts.MailOptions Mail { get; init; } = new();

    public Features.Alerts.AlertingOptions Alerting { get; init; } = new();

    public RuntimeOptions Runtime { get; init; } = new();

    public DashboardOptions Dashboard { get; init; } = new();

    public EnterpriseGatewayOptions HiPayEnterprise { get; init; } = new();

    public DirectDebitOptions DirectDebit { get; init; } = new();

    public Features.Inbox.InboxOptions Inbox { get; init; } = new();

    public Features.Scheduling.SchedulerOptions Scheduler { get; init; } = new();
    public Features.Monitoring.MonitoringOptions Monitoring { get; init; } = new();

    public WebOptions Web { get; init; } = new();

    public Features.WalletNotifications.WalletNotificationsOptions WalletNotifications { get; init; } = new();

    public Features.Approvals.ApprovalsOptions Approvals { get; init; } = new();
    public Features.Reconciliation.ReconciliationOptions Reconciliation { get; init; } = new();

    public static readonly int[] DefaultCycleDays = [1, 11, 21];

    /// <summary>The sections we own, by name, with the options type bound from each.</summary>
    public IEnumerable<(string Section, object Options)> Sections()
    {
        yield return (MiraklOptions.SectionName, Mirakl);
        yield return (HiPayWalletOptions.SectionName, HiPayWallet);
        yield return (AccountsOptions.SectionName, Accounts);
        yield return (CycleOptions.SectionName, Cycle);
        yield return (LabelsOptions.SectionName, Labels);
        yield return (DatabaseOptions.SectionName, Database);
        yield return (Features.Alerts.MailOptions.SectionName, Mail);
        yield return (Features.Alerts.AlertingOptions.SectionName, Alerting);
        yield return (RuntimeOptions.SectionName, Runtime);
        yield return (DashboardOptions.SectionName, Dashboard);
        yield return (EnterpriseGatewayOptions.SectionName, HiPayEnterprise);
        yield return (DirectDebitOptions.SectionName, DirectDebit);
        yield return (Features.Inbox.InboxOptions.SectionName, Inbox);
        yield return (Features.Scheduling.SchedulerOptions.SectionName, Scheduler);
        yield return (Features.Monitoring.MonitoringOptions.SectionName, Monitoring);
        yield return (WebOptions.SectionName, Web);
        yield return (Features.WalletNotifications.WalletNotificationsOptions.SectionName, WalletNotifications);
        yield return (Features.Approvals.ApprovalsOptions.SectionName, Approvals);
        yield return (Features.Reconciliation.ReconciliationOptions.SectionName, Reconciliation);
    }

    /// <summary>Binds every section; a value of the wrong type or a key we do not know is an error naming the key.</summary>
    public static ConnectorSettings Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new ConnectorSettings();
        var errors = Apply(settings, configuration);
        if (settings.Cycle.Days.Count == 0)
        {
            settings.Cycle.Days.AddRange(DefaultCycleDays);
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return settings;
    }

    /// <summary>
    /// Binds <paramref name="configuration"/>'s keys onto <paramref name="settings"/>, leaving every key it does not name
    /// as it was (so a command that builds its own settings, like the demo, can still take --set). Returns the errors,
    /// each naming its key.
    /// </summary>
    public static IReadOnlyList<string> Apply(ConnectorSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        foreach (var (section, options) in settings.Sections())
        {
            var configSection = configuration.GetSection(section);
            foreach (var child in configSection.GetChildren())
            {
                var property = options.GetType().GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is null)
                {
                    errors.Add($"{child.Path}: unknown key.");
                    continue;
                }

                try
                {
                    var value = child.Get(property.PropertyType);
                    if (value is not null || child.Value is null)
                    {
                        property.SetValue(options, value ?? property.GetValue(options));
                    }
                }
                catch (InvalidOperationException)
                {
                    errors.Add($"{child.Path}: '{child.Value}' is not a valid {Describe(property.PropertyType)}.");
                }
            }
        }

        return errors;
    }

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            return "value (one of " + string.Join(", ", Enum.GetNames(t)) + ")";
        }

        return t == typeof(int) || t == typeof(long) ? "whole number"
            : t == typeof(bool) ? "boolean (true/false)"
            : t == typeof(TimeSpan) ? "duration (hh:mm:ss)"
            : t.Name;
    }
}
