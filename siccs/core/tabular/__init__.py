"""Files in and out: one reader (`reader`) and one writer (`writer`) for every CSV, XLSX and
ZIP the platform takes or produces. See each module for the rules they enforce."""
