using System.Reflection;

namespace MyBot.Runtime;

internal sealed class GrainFactory(GrainCatalog catalog) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var proxy = DispatchProxy.Create<TGrainInterface, GrainReference>();
        var reference = (GrainReference)(object)proxy!;
        reference.Bind(catalog, catalog.RegistrationFor(typeof(TGrainInterface)), key);
        return proxy;
    }
}
