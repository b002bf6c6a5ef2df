using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Reconciliation;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Core;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the domain services, every store of the chosen backend (<see cref="StorageRegistration"/>:
    /// MongoDB when <c>ConnectionStrings:Mongo</c> is set, else the embedded SQLite file) and the Twilio SDK client. The host supplies
    /// <see cref="IPublicBaseUrl"/>, <see cref="Sending.IStatusCallbackUrls"/>, <see cref="Messages.IMessageChangeNotifier"/> and, for the simulator,
    /// <see cref="ITwilioApiAddress"/>.
    /// </summary>
    public static IServiceCollection AddSmsStatusTrackerCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMessageStore(configuration);
        services.AddTwilio();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        services.AddStatusCallbacks();
        services.AddSingleton<ApiKeyService>();
        services.AddTransient<SmsSender>();
        services.AddIdempotency();
        OptOuts.TwoWayRegistration.AddInboundAndOptOuts(services, configuration);
        services.AddLeases();
        services.AddReconciliation();
        services.AddRetention();
        Scheduling.SchedulingRegistration.AddScheduling(services);
        services.AddActivityLog();
        services.AddAlerts();
        OutboundWebhooks.OutboundWebhooksRegistration.AddOutboundWebhooks(services);
        Bulk.BulkRegistration.AddBulkJobs(services, configuration);
        return services;
    }

    /// <summary>
    /// What the hosted initialisers do when the host starts (store schema, Identity schema, the roles, the
    /// <c>Auth:BootstrapAdmins</c>), for a process that uses the services without starting the host: the
    /// management commands.
    /// </summary>
    public static async Task InitializeStoresAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await ActivatorUtilities.CreateInstance<StoreInitializer>(services).StartAsync(cancellationToken);
        await ActivatorUtilities.CreateInstance<AccountsInitializer>(services).StartAsync(cancellationToken);
    }

    private static void AddStatusCallbacks(this IServiceCollection services)
    {
        services.AddOptions<StatusCallbackOptions>().BindConfiguration(StatusCallbackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatusCallbackOptions>, StatusCallbackOptionsValidator>();
        services.AddSingleton<StatusRecorder>();
        services.AddSingleton<ParkedCallbackExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<ParkedCallbackExpiry>());
    }

    private static void AddReconciliation(this IServiceCollection services)
    {
        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReconciliationOptions>, ReconciliationOptionsValidator>();
        services.AddSingleton<MessageReconciler>();
        services.AddHostedService<ReconciliationService>();
    }

    /// <summary>
    /// The metrics, and the store wrapped so every committed change is measured whoever made it. The adapter
    /// stays registered under its own type, so the container still owns and disposes it.
    /// </summary>
    private static void AddMeteredStore(this IServiceCollection services)
    {
        services.TryAddSingleton<TrackerMetrics>();
        var adapter = services.Last(d => d.ServiceType == typeof(IMessageStore));
        services.Remove(adapter);
        if (adapter.ImplementationType is { } type)
        {
            services.AddSingleton(type);
            services.AddSingleton<IMessageStore>(sp => new MeteredMessageStore((IMessageStore)sp.GetRequiredService(type), sp.GetRequiredService<TrackerMetrics>()));
        }
        else
        {
            services.AddSingleton<IMessageStore>(sp => new MeteredMessageStore(
                (IMessageStore)(adapter.ImplementationInstance ?? adapter.ImplementationFactory!(sp)),
                sp.GetRequiredService<TrackerMetrics>()));
        }
    }

    private static void AddMessageStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTrackerStorage(configuration);
        services.AddMeteredStore();
    }

    private static void AddTwilio(this IServiceCollection services)
    {
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.TryAddSingleton<ITwilioApiAddress, DirectTwilioApiAddress>();
        services.AddTransient<TwilioApiRedirectHandler>();
        services.AddHttpClient(TwilioRestClientFactory.HttpClientName)
            .AddHttpMessageHandler<TwilioApiRedirectHandler>();
        services.AddTransient(sp => TwilioRestClientFactory.Create(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<TwilioOptions>>()));
    }
}
