namespace MyBot.Bench;

/// <param name="OverheadP50">From the 202 of <c>POST /api/messages</c> to the reply stored in the HTTP reply log.</param>
/// <param name="FsyncsPerSecond">The store's fsyncs over the scenario's wall time, to compare with the raw rate.</param>
/// <param name="CpuPerMessage">
/// CPU time of the whole process (the server, the scripted LLM and the load driver) per message: on a shared machine
/// it varies less than the rate, and two cores give at most 2 s of it per second.
/// </param>
/// <param name="ActiveBytesPerSession">Managed heap growth per session while its grains are active.</param>
/// <param name="IdleBytesPerSession">What stays per session after idle deactivation.</param>
public sealed record ScenarioResult(
    bool Sequential,
    int Sources,
    int Messages,
    double EventsPerSecond,
    TimeSpan OverheadP50,
    TimeSpan OverheadP99,
    double FsyncsPerMessage,
    double FsyncsPerSecond,
    TimeSpan CpuPerMessage,
    double ActiveBytesPerSession,
    double IdleBytesPerSession);
