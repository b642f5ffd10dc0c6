## New Short: where the pictures come from (shown only when fal.ai is configured)

pictures-ai = 🎨 Pictures: AI (fal.ai, ≈${$price} per scene)
pictures-offline = 🎨 Pictures: offline art (free)
