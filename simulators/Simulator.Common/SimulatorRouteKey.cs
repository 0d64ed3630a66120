using Microsoft.AspNetCore.Builder;

namespace Simulator.Common;

/// <summary>Endpoint metadata naming an operation (e.g. "S20") so rate limits can be configured per operation.</summary>
public sealed record SimulatorRouteKey(string Key);

public static class SimulatorRouteKeyExtensions
{
    public static TBuilder WithSimRouteKey<TBuilder>(this TBuilder builder, string key)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new SimulatorRouteKey(key));
    }
}
