using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;
using StackExchange.Redis;

namespace SmsStatusTracker.Web.LiveFeed;

public static class MessageFeedRegistration
{
    public const string RedisKey = "SignalR:Redis";

    /// <summary>
    /// The in-process notifications the pages watch, the hub for outside listeners (one frame per change, or batched
    /// frames for connections that ask: <see cref="MessageFeedBatcher"/>, <c>LiveFeed:BatchInterval</c>), and (with
    /// <c>SignalR:Redis</c>) the link that carries changes between instances plus the SignalR backplane for hub clients
    /// of other instances.
    /// </summary>
    public static IServiceCollection AddMessageFeed(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration[RedisKey] is { Length: > 0 } value ? value : null;
        var signalR = services.AddSignalR()
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        if (redis is not null)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("smsstatustracker"));
        }

        services.AddSingleton<MessageNotifications>();
        services.AddSingleton(new LiveFeedStatus(redis is null ? HubConnectionState.Connected : HubConnectionState.Connecting));
        if (redis is not null)
        {
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RedisMessageLink>(sp, redis));
            services.AddHostedService(sp => sp.GetRequiredService<RedisMessageLink>());
        }

        services.AddOptions<LiveFeedOptions>().BindConfiguration(LiveFeedOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveFeedOptions>, LiveFeedOptionsValidator>();
        services.AddSingleton<MessageFeedBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageFeedBatcher>());
        services.AddSingleton<IMessageChangeNotifier>(sp => ActivatorUtilities.CreateInstance<MessageChangePublisher>(sp));
        services.AddSingleton<FeedConnections>();
        services.AddHostedService<FeedConnectionRevalidator>();

        services.AddAuthorizationBuilder()
            .AddPolicy(MessageFeedAuthorization.Policy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, Identity.ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Describes the feed for the startup log without the Redis password.</summary>
    public static string Describe(IConfiguration configuration) =>
        configuration[RedisKey] is { Length: > 0 } redis
            ? "in-process, and between instances through Redis at " + string.Join(",", ConfigurationOptions.Parse(redis).EndPoints.Select(e => e.ToString()))
            : "in this process only (set SignalR:Redis for several instances)";
}
