namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>
/// Tests that start child processes or a browser. On a 2-core machine they starve each other (and time out)
/// when run beside everything else, so they run on their own, one class at a time, after the rest.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTestsCollection
{
    public const string Name = "Child processes and browsers";
}
