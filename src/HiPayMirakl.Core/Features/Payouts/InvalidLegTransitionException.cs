namespace HiPayMirakl.Core.Features.Payouts;

public sealed class InvalidLegTransitionException : InvalidOperationException
{
    public InvalidLegTransitionException()
    {
    }

    public InvalidLegTransitionException(string message) : base(message)
    {
    }

    public InvalidLegTransitionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InvalidLegTransitionException(long legId, LegStatus from, LegStatus to)
        : base($"Leg {legId} cannot move from {from} to {to}.")
    {
        LegId = legId;
        From = from;
        To = to;
    }

    public long LegId { get; }

    public LegStatus From { get; }

    public LegStatus To { get; }
}
