namespace SmartShop.OpcUa.Security;

/// <summary>
/// How messages on a secure channel are protected (OPC 10000-4 7.20). The numeric values are the wire values of the
/// MessageSecurityMode enumeration, so the encoding layer can cast them directly.
/// </summary>
public enum MessageSecurityMode
{
    /// <summary>Not a valid mode on the wire; the default value of the enumeration.</summary>
    Invalid = 0,

    /// <summary>Neither signed nor encrypted. Only with <see cref="SecurityPolicy.None"/>; opt-in (insecure).</summary>
    None = 1,

    /// <summary>Signed (HMAC for symmetric messages) but readable by anyone on the network.</summary>
    Sign = 2,

    /// <summary>Signed, then encrypted.</summary>
    SignAndEncrypt = 3,
}
