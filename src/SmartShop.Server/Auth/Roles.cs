namespace SmartShop.Server.Auth;

/// <summary>The roles people (and API keys) have. A user may have several.</summary>
public static class Roles
{
    /// <summary>Runs a station: starts and pauses orders, reports stops, scrap and serials.</summary>
    public const string Operator = "operator";

    /// <summary>Leads a line or shift: what an operator does, plus planning and releasing orders.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Quality: lots, quarantine, traceability and the audit trail.</summary>
    public const string Quality = "quality";

    /// <summary>Production manager: orders, reasons, figures.</summary>
    public const string Manager = "manager";

    /// <summary>Integrator / administrator: users, PLC connections, configuration; everything.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Operator, Supervisor, Quality, Manager, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// Authorization policies by what a person does, not by page; endpoints name one. Every endpoint without one needs a
/// signed-in user (the fallback policy), so nothing is open by accident.
/// </summary>
public static class Policies
{
    /// <summary>Acts on the shop floor: report machine states, classify stops.</summary>
    public const string Operate = "operate";

    /// <summary>Plans and releases orders.</summary>
    public const string Plan = "plan";

    /// <summary>Judges units: operators mark scrap, quality overrides a verdict.</summary>
    public const string Verdict = "verdict";

    /// <summary>Reads the audit trail and traceability records.</summary>
    public const string Quality = "quality";

    /// <summary>Manages users, keys and connections.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> RolesOf(string policy) => policy switch
    {
        Operate => [Roles.Operator, Roles.Supervisor, Roles.Manager, Roles.Admin],
        Plan => [Roles.Supervisor, Roles.Manager, Roles.Admin],
        Quality => [Roles.Quality, Roles.Manager, Roles.Admin],
        Verdict => [Roles.Operator, Roles.Supervisor, Roles.Quality, Roles.Manager, Roles.Admin],
        Admin => [Roles.Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };
}
