namespace HiPayMirakl.Core.Configuration;

/// <summary>Marks an option whose value must never be printed, logged or shown (shown as *** by `config check`).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
