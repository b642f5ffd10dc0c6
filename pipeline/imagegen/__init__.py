"""Scene pictures from image providers (fal.ai FLUX) with one consistent character.

`stage.provider_stills` is what the visuals stage calls; `fal.FalSceneGenerator` does the
work; `scoring.SceneScorer` is the hook for the face-likeness check. Nothing heavy is
imported here: fal-client loads only when a chain names fal.
"""
