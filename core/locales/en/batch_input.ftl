## A batch's topic list (services/batch_topics.py) and its estimate (services/batch_estimate.py)
batch-file-type = A { $extension } file cannot hold topics. Send the topics as text, one per line, or as a .txt or .csv file.
batch-file-too-large = The file is { NUMBER($size_mb, maximumFractionDigits: 1) } MB; a topic list may be at most { NUMBER($limit_mb, maximumFractionDigits: 1) } MB. Split it into several batches.
batch-file-not-text = This file is not text. Send the topics as a .txt or .csv file (saved from a text editor or Excel), one topic per line.
batch-file-empty = There are no topics in it. Send one topic per line, or a CSV with a "topic" column.
batch-too-many-topics = There are { $count } topics; one batch takes at most { $limit }. Split the list and send it in parts.
batch-csv-no-topic-column = The CSV has no "topic" column. Its columns are: { $columns }. Name the column with the topics "topic" (or "тема") in the first row.
batch-csv-broken = The CSV cannot be read at line { $line } (a quote is never closed, or a cell is far too long). Fix that line and send the file again.
batch-no-valid-topics =
    { $rejected ->
        [1] The only line (line { $line }) cannot be made into a Short.
       *[other] None of the { $rejected } lines can be made into a Short; the first problem is on line { $line }.
    } Nothing was started.

batch-row-too-long = the topic is { $length } characters long; the limit is { $limit }
batch-row-empty = the topic has no words once emoji, symbols and markup are removed
batch-row-no-topic = the topic cell is empty
batch-row-alphabet = the topic is written in an alphabet the script writer does not read (languages: { $supported })
batch-row-language = the language "{ $value }" is not supported; use one of: { $supported }
batch-row-duration = the duration "{ $value }" is not offered; use one of: { $allowed } seconds
batch-row-style = there is no style "{ $style }"; use one of: { $choices }
batch-rejected-line = Line { $line }: { $reason }
batch-topics-read =
    { $topics ->
        [one] { $topics } topic
       *[other] { $topics } topics
    } accepted.{ $duplicates ->
        [0] {""}
        [one] {" "}{ $duplicates } duplicate dropped.
       *[other] {" "}{ $duplicates } duplicates dropped.
    }{ $rejected ->
        [0] {""}
        [one] {" "}{ $rejected } line skipped:
       *[other] {" "}{ $rejected } lines skipped:
    }

batch-estimate-time = Estimated time: about { $minutes } min with { $workers ->
        [one] { $workers } render worker
       *[other] { $workers } render workers
    }.
batch-estimate-speed-measured = (measured on the last { $shorts } Shorts made here)
batch-estimate-speed-default = (no Shorts made here yet: a typical speed is assumed)
batch-estimate-provider = { $provider }: ${ NUMBER($usd, minimumFractionDigits: 2, maximumFractionDigits: 2) }
batch-estimate-total = Estimated cost: ${ NUMBER($usd, minimumFractionDigits: 2, maximumFractionDigits: 2) }
batch-estimate-free = Estimated cost: $0 (every step runs offline).
batch-estimate-recent = Recently a Short cost ${ NUMBER($usd, minimumFractionDigits: 2, maximumFractionDigits: 2) } on average.
