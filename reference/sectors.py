"""The sector an activity code suggests: the register's APE / NAF code (rév. 2) of a host,
read by the offer form to preselect the offer's sector (the national list, `Sector`).

The most precise entry wins: class ("47.61"), then group ("47.6"), then division ("47").
"""

SUGGESTED = {
    # division (2 digits), group (4 characters) or class (5 characters) → sector code
    "01": "s51", "02": "s24", "03": "s51",
    "05": "s30", "06": "s21", "07": "s30", "08": "s30", "09": "s30",
    "10": "s28", "11": "s28", "12": "s28",
    "13": "s39", "14": "s39", "15": "s39",
    "16": "s24", "17": "s40", "18": "s19",
    "19": "s21", "20": "s29", "21": "s29", "22": "s29",
    "23": "s50", "24": "s30", "25": "s30",
    "26": "s20", "27": "s20", "28": "s37", "29": "s8", "30": "s16",
    "31": "s24", "32": "s38", "33": "s35",
    "35": "s21", "36": "s23", "37": "s23", "38": "s23", "39": "s23",
    "41": "s10", "42": "s10", "43": "s10",
    "45": "s8", "46": "s12", "47": "s12", "47.61": "s19", "47.73": "s43",
    "49": "s34", "50": "s34", "51": "s34", "52": "s34", "53": "s45",
    "55": "s26", "56": "s26",
    "58": "s19", "59": "s7", "60": "s7", "61": "s31", "62": "s31", "63": "s31",
    "58.21": "s32", "58.29": "s31",
    "64": "s9", "65": "s9", "66": "s9",
    "68": "s27",
    "69.1": "s18", "69.2": "s14", "70": "s15",
    "71.1": "s2", "71.2": "s30", "72": "s42", "73": "s36",
    "74.1": "s4", "74.2": "s7", "74.3": "s49", "75": "s43",
    "77": "s12", "78": "s14", "79": "s48", "80": "s44",
    "81.3": "s2", "81": "s35", "82": "s14",
    "84": "s25", "84.22": "s3", "84.23": "s18",
    "85": "s22", "86": "s43", "87": "s46", "88": "s46",
    "90": "s6", "91": "s17", "93": "s47",
    "95": "s35", "96.02": "s11", "96.04": "s11",
}  # fmt: skip


def suggested_sector(activity_code: str) -> str | None:
    """The sector code an activity code suggests ("10.71C" → "s28"), or None."""
    code = (activity_code or "").strip().upper()
    for length in (5, 4, 2):
        if len(code) >= length and (sector := SUGGESTED.get(code[:length])):
            return sector
    return None
