error-scene-texts-count = The Short has {$scenes} scenes; send one text for each, not {$given}.
