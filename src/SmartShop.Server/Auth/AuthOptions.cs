namespace SmartShop.Server.Auth;

/// <summary>Sign-in, sessions and API keys (<c>SmartShop:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "SmartShop:Auth";

    /// <summary>
    /// The password of the <c>admin</c> user created when the database has no users yet. When empty, a random one is
    /// generated, printed once at start-up and written to <c>DATA-DIR/initial-admin-password</c> (readable by the
    /// service account only). Change it after the first sign-in.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>
    /// Keys for systems that call the API (ERP, a historian), sent as <c>Authorization: Bearer KEY</c>, by name. Give
    /// the key's SHA-256 (hex, <c>smartshop auth hash-key</c> prints it) so configuration files hold no secret; a plain
    /// <c>Key</c> works too and is warned about at start-up.
    /// </summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a browser stays signed in without activity (sliding). Default 12 h: a shift and its handover.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins or signatures in a row before a user is locked for <see cref="LockoutDuration"/>. Default 5.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>Default 5 min.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>PBKDF2-SHA256 iterations for new password and PIN hashes (default 100,000; stored per hash).</summary>
    public int HashIterations { get; set; } = 100_000;
}

public sealed class ApiKeyOptions
{
    /// <summary>Hex SHA-256 of the key (64 characters).</summary>
    public string? Sha256 { get; set; }

    /// <summary>The key itself (discouraged: prefer <see cref="Sha256"/>). At least 24 characters.</summary>
    public string? Key { get; set; }

    /// <summary>Roles the key acts with, e.g. <c>["supervisor"]</c> for an ERP that creates and releases orders.</summary>
    public List<string> Roles { get; set; } = [];
}
