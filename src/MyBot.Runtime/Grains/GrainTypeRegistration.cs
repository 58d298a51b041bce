using System.Reflection;

namespace MyBot.Runtime;

/// <summary>Which class implements a grain interface, and the stable type name its state is stored under.</summary>
public sealed record GrainTypeRegistration(Type InterfaceType, Type ImplementationType)
{
    public string TypeName { get; } = ImplementationType.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? ImplementationType.Name;
}
