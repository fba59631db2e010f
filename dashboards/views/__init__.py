"""The dashboard's pages, one module each (UI only): ``overview`` (실시간 현황), ``alerts``
(알림·인시던트), ``agents`` (상담 품질), ``repeats`` (재문의·주요 이슈), ``search`` (VOC 검색),
``forecast`` (출시 VOC 예측); ``common`` holds what they share.
"""
