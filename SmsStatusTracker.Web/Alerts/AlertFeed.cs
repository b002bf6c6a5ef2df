using System.Collections.Immutable;
using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Web.Alerts;

/// <summary>
/// The in-process notifier the alert banners watch: told of every alert this process fires or resolves, it calls
/// every watcher (on the evaluator's thread; components marshal with InvokeAsync). Only the replica holding the alerts
/// lease evaluates, so the banners of other replicas learn of changes by re-reading the store every
/// <see cref="AlertOptions.EvaluationInterval"/> (see AlertBanner).
/// </summary>
public sealed class AlertFeed : IAlertNotifier
{
    private ImmutableArray<Action<AlertNotification>> watchers = [];

    public IDisposable Watch(Action<AlertNotification> onChange)
    {
        ImmutableInterlocked.Update(ref watchers, list => list.Add(onChange));
        return new Unwatch(() => ImmutableInterlocked.Update(ref watchers, list => list.Remove(onChange)));
    }

    public Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        foreach (var watcher in watchers)
        {
            watcher(notification);
        }

        return Task.CompletedTask;
    }

    private sealed class Unwatch(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
