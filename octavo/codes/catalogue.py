"""Codes of a publisher's list: catalogue.yaml, its books, and the cluster a list is built on."""
from octavo.codes.base import Code

CODES = [
    Code("K001", "error", "catalogue.yaml cannot be read: a YAML syntax error, or not a mapping of keys to values.",
         "Fix the YAML at the line named; a catalogue is a mapping with at least a 'books' list.",
         "catalogue.yaml:3:1: error K001: catalogue.yaml must be a mapping of keys to values."),
    Code("K002", "error", "A key of catalogue.yaml is unknown, missing or has a value of the wrong type.",
         "Correct the key or the value as the message says; the README's 'A publisher's list' lists every key.",
         "catalogue.yaml:2:1: error K002: Catalogue key 'book': unknown key. Did you mean 'books'?"),
    Code("K003", "error", "A shared setting in catalogue.yaml is not a book.yaml key a list may share, or its value is wrong.",
         "Share only keys that hold for every book (theme, publisher, rights, print, publication...); "
         "keep a book's own keys (title, chapters, identifiers...) in its book.yaml.",
         "catalogue.yaml:7:3: error K003: Shared setting 'title': each book has its own; set it in book.yaml."),
    Code("K004", "error", "A book folder listed in catalogue.yaml does not exist or holds no book.yaml.",
         "Give the book folder's path relative to catalogue.yaml.",
         "catalogue.yaml:4:5: error K004: Book 'books/third': no book.yaml in that folder."),
    Code("K005", "error", "Two entries of catalogue.yaml name the same book folder, or two books have the same slug.",
         "List each book once; give books that share a title a 'slug' of their own in book.yaml.",
         "catalogue.yaml:5:5: error K005: Book 'a/../tiny' is already listed as 'tiny' (line 3)."),
    Code("K006", "error", "The Dask scheduler named by --scheduler cannot be reached, or its address is not tcp:// or tls://.",
         "Start the scheduler ('dask scheduler') and its workers, or check the address and port.",
         "error K006: Cannot reach the Dask scheduler at tcp://10.0.0.5:8786: timed out."),
    Code("K007", "error", "A tls:// scheduler needs certificates: the CA, and this client's certificate and key, as readable files.",
         "Name them with --tls-ca-file/--tls-cert/--tls-key or under 'cluster' in catalogue.yaml.",
         "catalogue.yaml:9:3: error K007: TLS file 'certs/client.pem' not found."),
    Code("K008", "error", "A book's layout job was lost on the cluster (its worker died more times than Dask retries).",
         "Check the workers' memory and logs, then build the list again: finished books are kept.",
         "books/long/book.yaml: error K008: A layout job of this book was lost on the cluster: KilledWorker."),
    Code("K009", "warning", "The list's ONIX feed leaves out books that did not build: it describes only the others.",
         "Fix the failed books and build the list again.",
         "warning K009: build/catalogue.onix.xml describes 2 of 3 books; the failed ones are left out."),
]
