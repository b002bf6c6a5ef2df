using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// What Admins do with alert rules, from the page or the API: every call is authorized here, below the UI, for the
/// acting principal (<see cref="AppPermission.ManageAlerts"/>), and rules are validated before they are stored.
/// </summary>
public sealed class AlertRuleAdministration(IAlertStore store, ActorAuthorizer authorizer, TimeProvider time)
{
    public const int RecentLimit = 50;

    public async Task<IReadOnlyList<AlertRule>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageAlerts, cancellationToken);
        return [.. (await store.ListRulesAsync(cancellationToken)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Stores a new rule (<see cref="AlertRule.Id"/> empty) or replaces one; throws <see cref="AlertRuleInvalidException"/> when a field is wrong.</summary>
    public async Task<AlertRule> SaveAsync(AlertRule rule, Actor actor, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageAlerts, cancellationToken);
        var errors = AlertRuleValidation.Validate(rule);
        if (errors.Count > 0)
        {
            throw new AlertRuleInvalidException(errors);
        }

        var saved = rule with
        {
            Id = rule.Id == Guid.Empty ? Guid.CreateVersion7() : rule.Id,
            Name = rule.Name.Trim(),
            Recipients = [.. rule.Recipients.Select(r => r.Trim())],
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = admin.Label,
        };
        await store.SaveRuleAsync(saved, cancellationToken);
        return saved;
    }

    public async Task<bool> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageAlerts, cancellationToken);
        return await store.DeleteRuleAsync(id, cancellationToken);
    }

    /// <summary>The latest alerts, open or resolved, for the Admin page.</summary>
    public async Task<IReadOnlyList<AlertOccurrence>> RecentAsync(Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageAlerts, cancellationToken);
        return await store.ListRecentAsync(RecentLimit, cancellationToken);
    }
}
