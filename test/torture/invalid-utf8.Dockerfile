FROM alpine
LABEL note="cafÃ© ÿþ broken"
RUN echo Ã(  ¡ ð(Œ¼ í € end
# comment with invalid bytes þÿ
CMD ["echo", "À¯"]
