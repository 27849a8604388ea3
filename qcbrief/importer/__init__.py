"""`qcbrief import`: contributors' Word/text files and past bulletins -> article files.

readers (docx_reader, text_reader, convert) turn a file into a flat list of
source paragraphs (source.Para) carrying style, bold, alignment, list, table
and image information; submission.py and bulletin.py (with the recognisers
they share in blocks.py) find the parts (center line, title, 点评, masthead,
按语, TOC, 版记, 简讯) and yield Imported articles made of model blocks; mdwriter.py writes them as Markdown the loaders read back;
issuefile.py edits issue.yaml in place (ruamel.yaml keeps its comments).
"""
