namespace HiPayMirakl.Core.Features.Access;

/// <summary>A refused user or API key request (unknown user, weak password, unknown role…); the message is one readable line.</summary>
public sealed class AccessException : Exception
{
    public AccessException()
    {
    }

    public AccessException(string message) : base(message)
    {
    }

    public AccessException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
