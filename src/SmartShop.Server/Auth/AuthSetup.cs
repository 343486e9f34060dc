using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Server.Audit;
using SmartShop.Server.Data;

namespace SmartShop.Server.Auth;

/// <summary>A bad <c>SmartShop:Auth</c> setting: names the key and why, and stops the server before it listens.</summary>
public sealed class AuthConfigurationException(string message) : Hosting.SettingException(message);

/// <summary>
/// Who is calling: browsers sign in (cookie session), systems send an API key (<c>Authorization: Bearer</c>; the
/// SignalR hub also takes it as <c>access_token</c>, since browsers' WebSockets cannot send headers). Every endpoint
/// needs a signed-in caller unless it says otherwise; 401 and 403 answer with ProblemDetails naming what is missing.
/// </summary>
public static class AuthSetup
{
    public const string Scheme = "SmartShop";
    public const string ApiKeyScheme = "ApiKey";

    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        var keys = ResolveApiKeys(options);
        builder.Services.Configure<AuthOptions>(section);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton<UserStamps>();
        builder.Services.AddSingleton<FirstAdmin>();
        builder.Services.AddScoped<UserAccounts>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Session or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "smartshop.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = c => WriteProblemAsync(c.HttpContext, StatusCodes.Status401Unauthorized, "Sign in first", "This needs a signed-in user: POST /api/auth/sign-in, or send an API key."),
                    OnRedirectToAccessDenied = c => WriteProblemAsync(c.HttpContext, StatusCodes.Status403Forbidden, "Not allowed", "Your roles do not allow this."),
                    OnValidatePrincipal = ValidateStampAsync,
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Operate, p => p.RequireRole(Policies.RolesOf(Policies.Operate)))
            .AddPolicy(Policies.Plan, p => p.RequireRole(Policies.RolesOf(Policies.Plan)))
            .AddPolicy(Policies.Quality, p => p.RequireRole(Policies.RolesOf(Policies.Quality)))
            .AddPolicy(Policies.Verdict, p => p.RequireRole(Policies.RolesOf(Policies.Verdict)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.RolesOf(Policies.Admin)));
        return builder;
    }

    /// <summary>The signed-in user's name (an API key's is <c>api:NAME</c>).</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The endpoint runs without a signed-in user; it needs an authorization policy.");

    private static string? SelectScheme(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyScheme;
        }

        return context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query.ContainsKey("access_token")
            ? ApiKeyScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(UserAccounts.StampClaim)?.Value;
        if (name is null || stamp is null)
        {
            context.RejectPrincipal();
            return;
        }

        var current = await context.HttpContext.RequestServices.GetRequiredService<UserStamps>().GetAsync(name, context.HttpContext.RequestAborted);
        if (!string.Equals(current, stamp, StringComparison.Ordinal))
        {
            // Roles, secrets or the active flag changed since sign-in: sign in again.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static ResolvedApiKeys ResolveApiKeys(AuthOptions options)
    {
        var keys = new List<ResolvedApiKey>();
        var warnings = new List<string>();
        foreach (var (name, key) in options.ApiKeys)
        {
            var at = $"{AuthOptions.Section}:ApiKeys:{name}";
            string hash;
            if (!string.IsNullOrWhiteSpace(key.Sha256))
            {
                hash = key.Sha256.Trim().ToLowerInvariant();
                if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                {
                    throw new AuthConfigurationException($"{at}:Sha256 is not 64 hex digits (the SHA-256 of the key; `smartshop auth hash-key` prints it).");
                }
            }
            else if (!string.IsNullOrEmpty(key.Key))
            {
                if (key.Key.Length < 24)
                {
                    throw new AuthConfigurationException($"{at}:Key has {key.Key.Length} characters; an API key needs at least 24 (random).");
                }

                hash = SecretHash.Sha256(key.Key);
                warnings.Add($"{at}:Key holds the key in clear text; configure its Sha256 instead.");
            }
            else
            {
                throw new AuthConfigurationException($"{at} has neither Sha256 nor Key.");
            }

            var bad = key.Roles.FirstOrDefault(r => !Roles.IsKnown(r));
            if (key.Roles.Count == 0 || bad is not null)
            {
                throw new AuthConfigurationException(bad is null
                    ? $"{at}:Roles is empty; give the roles the key acts with ({string.Join(", ", Roles.All)})."
                    : $"{at}:Roles has unknown role '{bad}'; roles: {string.Join(", ", Roles.All)}.");
            }

            keys.Add(new ResolvedApiKey(name, Convert.FromHexString(hash), key.Roles.ToArray()));
        }

        return new ResolvedApiKeys(keys, warnings);
    }

    public static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path },
            options: null,
            contentType: "application/problem+json");
    }
}

public sealed record ResolvedApiKey(string Name, byte[] Sha256, IReadOnlyList<string> Roles);

public sealed record ResolvedApiKeys(IReadOnlyList<ResolvedApiKey> Keys, IReadOnlyList<string> Warnings);

/// <summary>Authenticates <c>Authorization: Bearer KEY</c> (or <c>access_token</c> on the hub) against the configured keys' hashes.</summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ResolvedApiKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : Request.Query["access_token"].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var key = keys.Keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.Sha256, hash));
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, $"api:{key.Name}"), new(UserAccounts.DisplayNameClaim, key.Name) };
        claims.AddRange(key.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthSetup.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "Not signed in", "The API key is not known.");
}

/// <summary>Answers refused requests with ProblemDetails that name the roles the action needs.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var roles = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
            var have = context.User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
            var detail = roles.Count == 0
                ? "Your roles do not allow this."
                : $"This needs one of the roles {string.Join(", ", roles)}; {context.User.Identity?.Name} has {(have.Count == 0 ? "none" : string.Join(", ", have))}.";
            return AuthSetup.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Not allowed", detail);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
