using System.Collections.Concurrent;
using System.Reflection;

namespace MyBot.Runtime;

/// <summary>
/// What <see cref="IGrainFactory.GetGrain{TGrainInterface}"/> returns: every interface call becomes a turn of the
/// activation for the key (Orleans generates these proxies; here <see cref="DispatchProxy"/> does).
/// </summary>
/// <remarks>Not sealed: <see cref="DispatchProxy"/> derives from it.</remarks>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainReference, MethodInfo, object?[]?, object>> Invokers = new();
    private static readonly MethodInfo InvokeTypedMethod = typeof(GrainReference).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainCatalog? _catalog;
    private GrainTypeRegistration? _registration;
    private string _key = string.Empty;

    public string Key => _key;

    internal void Bind(GrainCatalog catalog, GrainTypeRegistration registration, string key)
    {
        _catalog = catalog;
        _registration = registration;
        _key = key;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoker = Invokers.GetOrAdd(targetMethod, CreateInvoker);
        return invoker(this, targetMethod, args);
    }

    private static Func<GrainReference, MethodInfo, object?[]?, object> CreateInvoker(MethodInfo method)
    {
        if (method.ReturnType == typeof(Task))
        {
            return (reference, m, args) => reference.Call<object?>(async grain =>
            {
                await (Task)m.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!;
                return null;
            });
        }

        if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var typed = InvokeTypedMethod.MakeGenericMethod(method.ReturnType.GetGenericArguments()[0]);
            return typed.CreateDelegate<Func<GrainReference, MethodInfo, object?[]?, object>>();
        }

        throw new InvalidOperationException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
    }

    private static object InvokeTyped<T>(GrainReference reference, MethodInfo method, object?[]? args) =>
        reference.Call(grain => (Task<T>)method.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!);

    private Task<T> Call<T>(Func<Grain, Task<T>> call)
    {
        if (_catalog is null || _registration is null)
        {
            throw new InvalidOperationException("This grain reference was not created by a grain factory.");
        }

        return _catalog.InvokeAsync(_registration, _key, call, CancellationToken.None);
    }
}
