namespace SmartShop.Grains.Runtime;

/// <summary>
/// A grain call was refused because the silo (the in-process grain runtime) is stopping or has stopped, as Orleans'
/// SiloUnavailableException.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
        : this("The silo has stopped; grain calls are no longer accepted.")
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
