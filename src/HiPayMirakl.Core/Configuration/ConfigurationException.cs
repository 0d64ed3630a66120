namespace HiPayMirakl.Core.Configuration;

/// <summary>Configuration that cannot be used. Every error names the key it is about.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException()
    {
        Errors = [];
    }

    public ConfigurationException(string message) : base(message)
    {
        Errors = [message];
    }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = [message];
    }

    public ConfigurationException(IReadOnlyList<string> errors)
        : base(errors is { Count: > 0 } ? string.Join("; ", errors.Select(e => e.TrimEnd('.'))) : "Invalid configuration.")
    {
        Errors = errors ?? [];
    }

    public IReadOnlyList<string> Errors { get; }
}
