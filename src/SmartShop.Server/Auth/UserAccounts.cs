using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Server.Audit;
using SmartShop.Server.Data;

namespace SmartShop.Server.Auth;

/// <summary>How someone proves who they are: a password or a PIN with the user name, or a badge alone.</summary>
public sealed record Credentials(string? UserName, string? Password, string? Pin, string? Badge);

/// <summary>A signed-in person as the API shows them.</summary>
public sealed record UserResponse(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool Active, bool HasPassword, bool HasPin, bool HasBadge);

/// <summary>Why credentials were not accepted (the message is safe to show: it never says which part was wrong).</summary>
public sealed record CredentialFailure(string Message, bool Locked);

/// <summary>
/// The user table: checking credentials (with lockout after repeated failures), the claims a session carries, and
/// each user's stamp (changed whenever roles, secrets or the active flag change) that ends older sessions.
/// </summary>
public sealed partial class UserAccounts(SmartShopDb db, AuditTrail audit, UserStamps stamps, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string StampClaim = "smartshop:stamp";
    public const string DisplayNameClaim = "smartshop:display-name";
    private const string Wrong = "The user name, password, PIN or badge is not right.";

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>The user the credentials belong to, or why not. Failures count toward the user's lockout.</summary>
    public async Task<(AppUserRow? User, CredentialFailure? Failure)> CheckAsync(Credentials credentials, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        AppUserRow? user;
        bool ok;
        if (!string.IsNullOrWhiteSpace(credentials.Badge) && string.IsNullOrWhiteSpace(credentials.UserName))
        {
            // A badge scanner types the code and Enter: trim what it may add around it.
            var badge = SecretHash.Sha256(credentials.Badge.Trim());
            user = await db.Users.FirstOrDefaultAsync(u => u.BadgeSha256 == badge, ct);
            if (user is null)
            {
                return (null, new CredentialFailure("This badge is not registered to anyone.", false));
            }

            ok = true;
        }
        else
        {
            if (string.IsNullOrWhiteSpace(credentials.UserName) || (string.IsNullOrEmpty(credentials.Password) && string.IsNullOrEmpty(credentials.Pin)))
            {
                return (null, new CredentialFailure("Give a user name with a password or PIN, or scan a badge.", false));
            }

            var name = Normalize(credentials.UserName);
            user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
            if (user is null)
            {
                return (null, new CredentialFailure(Wrong, false));
            }

            if (user.LockedUntilMs is { } until && until > now)
            {
                return (null, new CredentialFailure($"Too many failed attempts: this user is locked until {DateTimeOffset.FromUnixTimeMilliseconds(until):HH:mm:ss} UTC.", true));
            }

            ok = !string.IsNullOrEmpty(credentials.Password)
                ? SecretHash.Verify(credentials.Password, user.PasswordHash)
                : SecretHash.Verify(credentials.Pin!, user.PinHash);
        }

        if (!user.Active)
        {
            return (null, new CredentialFailure($"The user {user.UserName} is deactivated.", false));
        }

        if (!ok)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= options.Value.MaxFailedAttempts)
            {
                user.LockedUntilMs = now + (long)options.Value.LockoutDuration.TotalMilliseconds;
                user.FailedSignIns = 0;
            }

            await db.SaveChangesAsync(ct);
            return (null, new CredentialFailure(Wrong, user.LockedUntilMs > now));
        }

        if (user.FailedSignIns != 0 || user.LockedUntilMs is not null)
        {
            user.FailedSignIns = 0;
            user.LockedUntilMs = null;
            await db.SaveChangesAsync(ct);
        }

        return (user, null);
    }

    public static ClaimsPrincipal Principal(AppUserRow user, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(DisplayNameClaim, user.DisplayName),
            new(StampClaim, Stamp(user)),
        };
        claims.AddRange(RolesOf(user).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Changes with anything that should end a session: roles, secrets, active flag (the row's update time).</summary>
    public static string Stamp(AppUserRow user) => user.Active ? user.UpdatedAtMs.ToString(CultureInfo.InvariantCulture) : "inactive";

    public static IReadOnlyList<string> RolesOf(AppUserRow user) =>
        user.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static UserResponse ToResponse(AppUserRow u) =>
        new(u.UserName, u.DisplayName, RolesOf(u), u.Active, u.PasswordHash is not null, u.PinHash is not null, u.BadgeSha256 is not null);

    /// <summary>Checks a new user's or a change's fields; returns the problems per field.</summary>
    public static Dictionary<string, string[]> Check(string? userName, string? displayName, IReadOnlyList<string>? roles, string? password, string? pin, string? badge, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating && (userName is null || !UserNamePattern().IsMatch(userName.Trim())))
        {
            errors["userName"] = [$"The user name '{userName}' is not 2-64 letters, digits, '.', '_' or '-' starting with a letter."];
        }

        if ((creating || displayName is not null) && (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 100))
        {
            errors["displayName"] = ["The display name is required, at most 100 characters."];
        }

        if (creating || roles is not null)
        {
            if (roles is null || roles.Count == 0)
            {
                errors["roles"] = [$"At least one role is required: {string.Join(", ", Roles.All)}."];
            }
            else if (roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
            {
                errors["roles"] = [$"Unknown role '{unknown}'; roles: {string.Join(", ", Roles.All)}."];
            }
        }

        if (password is not null && (password.Length < 8 || password.Length > 200))
        {
            errors["password"] = ["A password has 8-200 characters."];
        }

        if (pin is not null && !PinPattern().IsMatch(pin))
        {
            errors["pin"] = ["A PIN has 4-8 digits."];
        }

        if (badge is not null && (badge.Trim().Length < 4 || badge.Trim().Length > 128))
        {
            errors["badge"] = ["A badge code has 4-128 characters."];
        }

        if (creating && password is null && pin is null && badge is null)
        {
            errors["password"] = ["Give the user a password, a PIN or a badge, or they cannot sign in."];
        }

        return errors;
    }

    /// <summary>Creates the user and its audit entry in one transaction. Null when the name or badge is taken.</summary>
    public async Task<(AppUserRow? User, string? Conflict)> CreateAsync(string by, string userName, string displayName, IReadOnlyList<string> roles, string? password, string? pin, string? badge, CancellationToken ct)
    {
        var name = Normalize(userName);
        var badgeHash = badge is null ? null : SecretHash.Sha256(badge.Trim());
        if (await db.Users.AnyAsync(u => u.UserName == name, ct))
        {
            return (null, $"There is a user '{name}' already.");
        }

        if (badgeHash is not null && await db.Users.AnyAsync(u => u.BadgeSha256 == badgeHash, ct))
        {
            return (null, "This badge is registered to another user.");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var user = new AppUserRow
        {
            UserName = name,
            DisplayName = displayName.Trim(),
            Roles = string.Join(',', roles.Distinct(StringComparer.Ordinal)),
            PasswordHash = password is null ? null : SecretHash.Hash(password, options.Value.HashIterations),
            PinHash = pin is null ? null : SecretHash.Hash(pin, options.Value.HashIterations),
            BadgeSha256 = badgeHash,
            Active = true,
            CreatedAtMs = now,
            UpdatedAtMs = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(
            new AuditRecord(by, "user.create", "user", name, null, ToResponse(user)), ct);
        await tx.CommitAsync(ct);
        stamps.Set(user);
        return (user, null);
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9._\-]{1,63}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^[0-9]{4,8}$")]
    private static partial Regex PinPattern();
}

/// <summary>
/// Each user's current stamp, cached (one node; every change goes through <see cref="UserAccounts"/>), so checking a
/// session on each request costs no query after the first.
/// </summary>
public sealed class UserStamps(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, string> _stamps = new(StringComparer.Ordinal);

    public void Set(AppUserRow user) => _stamps[user.UserName] = UserAccounts.Stamp(user);

    public async ValueTask<string?> GetAsync(string userName, CancellationToken ct)
    {
        if (_stamps.TryGetValue(userName, out var stamp))
        {
            return stamp;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartShopDb>();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            return null;
        }

        stamp = UserAccounts.Stamp(user);
        _stamps[userName] = stamp;
        return stamp;
    }
}
