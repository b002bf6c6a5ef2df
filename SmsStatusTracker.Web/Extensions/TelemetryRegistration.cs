using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SmsStatusTracker.Core.Diagnostics;

namespace SmsStatusTracker.Web.Extensions;

/// <summary>
/// OpenTelemetry for operators: the app's meter (<see cref="TrackerMetrics.MeterName"/>), ASP.NET Core's and the
/// runtime's metrics, and traces of incoming requests, outgoing HTTP calls (Twilio's API) and store calls
/// (<see cref="TrackerTracing.StoreSourceName"/>). Nothing is collected
/// unless something reads it: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables
/// apply), a Prometheus scrape when <c>Telemetry:PrometheusPort</c> names a port the app also listens on (only
/// requests to that port see it, so it stays off the public port behind the proxy). Production logs are JSON.
/// </summary>
public static class TelemetryRegistration
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string PrometheusPortKey = "Telemetry:PrometheusPort";
    public const string PrometheusPath = "/metrics";
    public const string ServiceName = "SmsStatusTracker";

    public static WebApplicationBuilder AddTrackerTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var prometheus = configuration.GetValue<int?>(PrometheusPortKey) is > 0;
        if (builder.Environment.IsProduction())
        {
            // One JSON object per line, for log collectors; scopes carry MessageId/Sid as structured fields.
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        if (!otlp && !prometheus)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TrackerMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(requests => requests.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(TrackerTracing.StoreSourceName)
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Before anything else in the pipeline: the scrape endpoint, on the Prometheus port only.</summary>
    public static WebApplication UseTrackerTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<int?>(PrometheusPortKey) is > 0 and var port)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                context => context.Connection.LocalPort == port && context.Request.Path == PrometheusPath);
        }

        return app;
    }
}
