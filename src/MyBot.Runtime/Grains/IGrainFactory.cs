namespace MyBot.Runtime;

/// <summary>Hands out references to grains. A reference is cheap; the activation behind it is created on first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
