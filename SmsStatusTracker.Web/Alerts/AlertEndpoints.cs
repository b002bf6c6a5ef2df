using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Alerts;

/// <summary>
/// Read-only alert API for Admins (sign-in cookie, current role checked against the store): the rules and the latest
/// alerts with the numbers that fired and resolved them. Rules are changed on the Admin page (/admin/alerts).
/// </summary>
public static class AlertEndpoints
{
    public const string Path = Hosting.RoutePrefixes.Api + "/alerts";
    public const string RulesPath = Path + "/rules";

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path)
            .RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(new RequireCurrentActorFilter(AppPermission.ManageAlerts))
            .ExcludeFromDescription();
        group.MapGet("/", RecentAsync);
        group.MapGet("/rules", RulesAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertOccurrenceResponse>>, ProblemHttpResult>> RecentAsync(
        ClaimsPrincipal user, [FromServices] AlertRuleAdministration alerts, CancellationToken cancellationToken)
    {
        try
        {
            var recent = await alerts.RecentAsync(user.ToActor(), cancellationToken);
            return TypedResults.Ok<IReadOnlyList<AlertOccurrenceResponse>>([.. recent.Select(AlertOccurrenceResponse.From)]);
        }
        catch (ActionNotAllowedException refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: refused.Message);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertRuleResponse>>, ProblemHttpResult>> RulesAsync(
        ClaimsPrincipal user, [FromServices] AlertRuleAdministration alerts, CancellationToken cancellationToken)
    {
        try
        {
            var rules = await alerts.ListAsync(user.ToActor(), cancellationToken);
            return TypedResults.Ok<IReadOnlyList<AlertRuleResponse>>([.. rules.Select(AlertRuleResponse.From)]);
        }
        catch (ActionNotAllowedException refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: refused.Message);
        }
    }
}

/// <summary>An alert rule as the API shows it: kinds by name, durations in seconds.</summary>
public sealed record AlertRuleResponse(
    Guid Id, string Name, bool Enabled, string Kind, double WindowSeconds, double Threshold, int MinimumSample,
    int? ErrorCode, double? AgeSeconds, IReadOnlyList<string> Recipients, DateTimeOffset UpdatedAt, string? UpdatedBy)
{
    public static AlertRuleResponse From(AlertRule rule) => new(
        rule.Id, rule.Name, rule.Enabled, rule.Kind.ToString(), rule.Window.TotalSeconds, rule.Threshold, rule.MinimumSample,
        rule.ErrorCode, rule.Age?.TotalSeconds, rule.Recipients, rule.UpdatedAt, rule.UpdatedBy);
}

/// <summary>An alert as the API shows it, with the matching message log link (relative to the app).</summary>
public sealed record AlertOccurrenceResponse(
    Guid Id, Guid RuleId, string RuleName, string Kind, int? ErrorCode, DateTimeOffset FiredAt, AlertMeasurement Fired,
    DateTimeOffset? ResolvedAt, AlertMeasurement? Resolved, string LogLink)
{
    public static AlertOccurrenceResponse From(AlertOccurrence occurrence) => new(
        occurrence.Id, occurrence.RuleId, occurrence.RuleName, occurrence.Kind.ToString(), occurrence.ErrorCode, occurrence.FiredAt,
        occurrence.Fired, occurrence.ResolvedAt, occurrence.Resolved, MessageLogLinks.Relative(AlertLogQuery.For(occurrence)));
}
