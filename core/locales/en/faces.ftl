## The offline character: face checks on reference photos and the match shown with a preview
preview-face-match = {" "}Character match: {$low}–{$high} %.
preview-face-match-one = {" "}Character match: {$score} %.
error-face-none = I cannot find a face in this photo. Send one where your face is clearly visible.
error-face-several = This photo shows {$count} faces. Send a photo of the character alone.
error-character-photo-no-face = Photo {$number} shows no face. Send one where the face is clearly visible.
error-character-photo-several-faces = Photo {$number} shows {$count} faces. Send a photo of the character alone.
error-segmentation-model-missing = The person cut-out model is not installed on the server. Nothing was lost; the admin has to run make install.
