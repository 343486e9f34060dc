using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Server.Audit;
using SmartShop.Server.Data;

namespace SmartShop.Server.Auth;

/// <summary>A user name with a password or PIN, or a badge code alone (as a scanner types it).</summary>
public sealed record SignInRequest(string? UserName, string? Password, string? Pin, string? Badge);

/// <param name="Roles">Any of operator, supervisor, quality, manager, admin.</param>
/// <param name="Pin">4-8 digits, for terminals.</param>
/// <param name="Badge">The code the badge scanner types.</param>
public sealed record CreateUserRequest(string? UserName, string? DisplayName, IReadOnlyList<string>? Roles, string? Password, string? Pin, string? Badge);

/// <summary>Only the fields given change. Any change ends the user's open sessions.</summary>
public sealed record UpdateUserRequest(string? DisplayName, IReadOnlyList<string>? Roles, string? Password, string? Pin, string? Badge, bool? Active);

public static class AuthEndpoints
{
    public static WebApplication MapAuth(this WebApplication app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/sign-in", SignIn).AllowAnonymous()
            .WithSummary("Signs in with a user name and password or PIN, or with a badge; sets the session cookie.");
        auth.MapPost("/sign-out", SignOut).AllowAnonymous()
            .WithSummary("Ends the session.");
        auth.MapGet("/me", Me)
            .WithSummary("The signed-in user and their roles.");

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", ListUsers).WithSummary("Every user, with which sign-in methods they have (never the secrets).");
        users.MapPost("/", CreateUser).WithSummary("Creates a user.");
        users.MapPut("/{userName}", UpdateUser).WithSummary("Changes a user's name, roles, secrets or active flag; ends their sessions.");
        return app;
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> SignIn(SignInRequest request, UserAccounts accounts, HttpContext http, CancellationToken ct)
    {
        var (user, failure) = await accounts.CheckAsync(new Credentials(request.UserName, request.Password, request.Pin, request.Badge), ct);
        if (user is null)
        {
            return TypedResults.Problem(title: "Not signed in", detail: failure!.Message, statusCode: StatusCodes.Status401Unauthorized);
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserAccounts.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(UserAccounts.ToResponse(user));
    }

    private static async Task<NoContent> SignOut(HttpContext http, CancellationToken ct)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Ok<UserResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(new UserResponse(
        user.UserName(),
        user.FindFirst(UserAccounts.DisplayNameClaim)?.Value ?? user.UserName(),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        true,
        false,
        false,
        false));

    private static async Task<Ok<IReadOnlyList<UserResponse>>> ListUsers(SmartShopDb db, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<UserResponse>>(users.Select(UserAccounts.ToResponse).ToList());
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, UserAccounts accounts, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = UserAccounts.Check(request.UserName, request.DisplayName, request.Roles, request.Password, request.Pin, request.Badge, creating: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (user, conflict) = await accounts.CreateAsync(caller.UserName(), request.UserName!, request.DisplayName!, request.Roles!, request.Password, request.Pin, request.Badge, ct);
        if (user is null)
        {
            return TypedResults.Problem(title: "Conflict", detail: conflict!, statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Created($"/api/users/{user.UserName}", UserAccounts.ToResponse(user));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateUser(
        string userName, UpdateUserRequest request, SmartShopDb db, AuditTrail audit, UserStamps stamps, IOptions<AuthOptions> options,
        TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = UserAccounts.Check(null, request.DisplayName, request.Roles, request.Password, request.Pin, request.Badge, creating: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var name = UserAccounts.Normalize(userName);
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        if (user is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no user '{name}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var badgeHash = request.Badge is null ? null : SecretHash.Sha256(request.Badge.Trim());
        if (badgeHash is not null && await db.Users.AnyAsync(u => u.BadgeSha256 == badgeHash && u.Id != user.Id, ct))
        {
            return TypedResults.Problem(title: "Conflict", detail: "This badge is registered to another user.", statusCode: StatusCodes.Status409Conflict);
        }

        if (request.Active == false && name == caller.UserName())
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["active"] = ["You cannot deactivate yourself."] });
        }

        var before = UserAccounts.ToResponse(user);
        var iterations = options.Value.HashIterations;
        user.DisplayName = request.DisplayName?.Trim() ?? user.DisplayName;
        user.Roles = request.Roles is null ? user.Roles : string.Join(',', request.Roles.Distinct(StringComparer.Ordinal));
        user.PasswordHash = request.Password is null ? user.PasswordHash : SecretHash.Hash(request.Password, iterations);
        user.PinHash = request.Pin is null ? user.PinHash : SecretHash.Hash(request.Pin, iterations);
        user.BadgeSha256 = badgeHash ?? user.BadgeSha256;
        user.Active = request.Active ?? user.Active;
        user.UpdatedAtMs = Math.Max(clock.GetUtcNow().ToUnixTimeMilliseconds(), user.UpdatedAtMs + 1);
        user.FailedSignIns = 0;
        user.LockedUntilMs = null;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var secrets = new[] { request.Password is null ? null : "password", request.Pin is null ? null : "PIN", request.Badge is null ? null : "badge" }.OfType<string>().ToList();
        await audit.AppendAsync(new AuditRecord(caller.UserName(), "user.update", "user", name, before, UserAccounts.ToResponse(user),
            secrets.Count == 0 ? null : $"changed {string.Join(", ", secrets)}"), ct);
        await tx.CommitAsync(ct);
        stamps.Set(user);
        return TypedResults.Ok(UserAccounts.ToResponse(user));
    }

    /// <summary>Creates the first administrator if needed and logs configuration warnings; before the server listens.</summary>
    public static async Task PrepareSignInAsync(this IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("SmartShop.Server.Auth");
        foreach (var warning in services.GetRequiredService<ResolvedApiKeys>().Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        var dataDirectory = DatabaseSetup.ResolveDataDirectory(services.GetRequiredService<IConfiguration>()["SmartShop:DataDirectory"]);
        if (await services.EnsureAdminAsync(dataDirectory) is { } password)
        {
            services.GetRequiredService<FirstAdmin>().GeneratedPassword = password;
            services.GetRequiredService<FirstAdmin>().PasswordFile = Path.Combine(dataDirectory, "initial-admin-password");
        }

        services.GetRequiredService<FirstAdmin>().DemoUsers = await DemoUsers.EnsureAsync(services);
    }

    /// <summary>
    /// Creates the first administrator when the database has no users: with <see cref="AuthOptions.InitialAdminPassword"/>,
    /// or a random password written to DATA-DIR/initial-admin-password and returned so the banner can print it.
    /// </summary>
    public static async Task<string?> EnsureAdminAsync(this IServiceProvider services, string dataDirectory)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartShopDb>();
        if (await db.Users.AnyAsync())
        {
            return null;
        }

        var configured = scope.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.InitialAdminPassword;
        var password = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16) : configured;
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.CreateAsync("system", "admin", "Administrator", [Roles.Admin], password, null, null, CancellationToken.None);
        if (!string.IsNullOrEmpty(configured))
        {
            return null;
        }

        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "initial-admin-password");
        await File.WriteAllTextAsync(file, password + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }
}

/// <summary>The generated password of the first administrator, for the start-up banner (null when none was generated).</summary>
public sealed class FirstAdmin
{
    public string? GeneratedPassword { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>True when the demo people were created at this start.</summary>
    public bool DemoUsers { get; set; }
}
