using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime;

/// <summary>Creates grain instances: DI services, the grain context, and <see cref="PersistentStateAttribute"/> states.</summary>
internal sealed class GrainActivator(IServiceProvider services, IGrainStorage storage, ILoggerFactory loggerFactory)
{
    public (Grain Grain, IReadOnlyList<IPersistentStateLoader> States) Create(GrainTypeRegistration registration, IGrainContext context)
    {
        var constructor = registration.ImplementationType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var states = new List<IPersistentStateLoader>();
        var arguments = constructor.GetParameters().Select(parameter => Resolve(parameter, registration, context, states)).ToArray();
        var grain = (Grain)constructor.Invoke(arguments);
        grain.GrainContext = context;
        return (grain, states);
    }

    private object Resolve(ParameterInfo parameter, GrainTypeRegistration registration, IGrainContext context, List<IPersistentStateLoader> states)
    {
        if (parameter.ParameterType == typeof(IGrainContext))
        {
            return context;
        }

        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
        {
            if (!parameter.ParameterType.IsGenericType || parameter.ParameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"{registration.ImplementationType.Name}: [PersistentState] goes on an IPersistentState<T> parameter, not {parameter.ParameterType.Name}.");
            }

            var stateType = parameter.ParameterType.GetGenericArguments()[0];
            var storageId = new GrainId($"{registration.TypeName}.{attribute.StateName}", context.GrainId.Key);
            var state = Activator.CreateInstance(
                typeof(PersistentState<>).MakeGenericType(stateType),
                storageId,
                storage,
                loggerFactory.CreateLogger(registration.ImplementationType))!;
            states.Add((IPersistentStateLoader)state);
            return state;
        }

        return services.GetRequiredService(parameter.ParameterType);
    }
}
