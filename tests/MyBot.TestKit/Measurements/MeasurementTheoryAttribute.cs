using Xunit;

namespace MyBot.TestKit.Measurements;

/// <summary>
/// A measurement, not a check: it takes minutes and reports numbers. Skipped unless <c>MYBOT_MEASURE=1</c>, so a plain
/// <c>dotnet test</c> stays quick; <c>docs/performance.md</c> says how to run each one.
/// </summary>
public sealed class MeasurementTheoryAttribute : TheoryAttribute
{
    public const string EnvironmentVariable = "MYBOT_MEASURE";

    public MeasurementTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
        {
            Skip = $"a measurement: run it with {EnvironmentVariable}=1 (see docs/performance.md)";
        }
    }
}
