error-scene-texts-count = В ролике сцен: {$scenes}; пришлите по тексту на каждую, а не {$given}.
