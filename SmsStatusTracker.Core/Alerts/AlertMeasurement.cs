namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// What an evaluation measured for a rule: the <paramref name="Value"/> compared with <paramref name="Threshold"/>, how
/// many messages it rests on (<paramref name="Sample"/>) and the range of time it covers, half-open
/// [<paramref name="WindowStart"/>, <paramref name="WindowEnd"/>): created times, or for callbacks missing and stuck
/// messages the time of their last change.
/// </summary>
public sealed record AlertMeasurement(double Value, double Threshold, long Sample, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);
